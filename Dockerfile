# The memoize admission webhook.
#   docker build -t memoize-webhook:dev .
# Build stage: restore is cached in its own layer (only the project files are copied first).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props ./
COPY src/Memoize.Core/Memoize.Core.csproj src/Memoize.Core/
COPY src/Memoize.Kubernetes/Memoize.Kubernetes.csproj src/Memoize.Kubernetes/
COPY src/Memoize.Webhook/Memoize.Webhook.csproj src/Memoize.Webhook/
RUN dotnet restore src/Memoize.Webhook/Memoize.Webhook.csproj
COPY src/Memoize.Core/ src/Memoize.Core/
COPY src/Memoize.Kubernetes/ src/Memoize.Kubernetes/
COPY src/Memoize.Webhook/ src/Memoize.Webhook/
RUN dotnet publish src/Memoize.Webhook/Memoize.Webhook.csproj -c Release --no-restore -o /app

# Runtime stage: ASP.NET Core on Ubuntu chiseled (no shell, no package manager), as the non-root app user.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
# 8443: admission (HTTPS only); 8080: /healthz, /readyz, /metrics (plain HTTP).
EXPOSE 8443 8080
ENTRYPOINT ["dotnet", "Memoize.Webhook.dll"]
CMD ["--admission-address=0.0.0.0:8443", "--health-address=0.0.0.0:8080", "--tls-cert-file=/etc/memoize/tls/tls.crt", "--tls-key-file=/etc/memoize/tls/tls.key"]
