# Both memoize images from one Dockerfile:
#   docker build -t memoize-webhook:dev .                           (the last stage, webhook, is the default)
#   docker build --target reconciler -t memoize-reconciler:dev .
# Multi-arch: docker buildx build --platform linux/amd64,linux/arm64 ... (the SDK runs on the build machine's own
# platform; the output is portable IL, so only the runtime stages are per platform).

# Build stage. Restore gets its own layer: only the project files are copied before it, so a source change does not
# download the packages again.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props ./
COPY src/Memoize.Core/Memoize.Core.csproj src/Memoize.Core/
COPY src/Memoize.Kubernetes/Memoize.Kubernetes.csproj src/Memoize.Kubernetes/
COPY src/Memoize.Observability/Memoize.Observability.csproj src/Memoize.Observability/
COPY src/Memoize.Webhook/Memoize.Webhook.csproj src/Memoize.Webhook/
COPY src/Memoize.Reconciler/Memoize.Reconciler.csproj src/Memoize.Reconciler/
RUN dotnet restore src/Memoize.Webhook/Memoize.Webhook.csproj \
 && dotnet restore src/Memoize.Reconciler/Memoize.Reconciler.csproj
COPY src/Memoize.Core/ src/Memoize.Core/
COPY src/Memoize.Kubernetes/ src/Memoize.Kubernetes/
COPY src/Memoize.Observability/ src/Memoize.Observability/
COPY src/Memoize.Webhook/ src/Memoize.Webhook/
COPY src/Memoize.Reconciler/ src/Memoize.Reconciler/

# One publish stage per image, so --target builds only what it needs. Framework-dependent, no native apphost: the
# entry point is `dotnet <dll>`.
FROM build AS publish-reconciler
RUN dotnet publish src/Memoize.Reconciler/Memoize.Reconciler.csproj -c Release --no-restore -p:UseAppHost=false -o /app

FROM build AS publish-webhook
RUN dotnet publish src/Memoize.Webhook/Memoize.Webhook.csproj -c Release --no-restore -p:UseAppHost=false -o /app

# Runtime stages: ASP.NET Core on Ubuntu chiseled (no shell, no package manager), as the non-root app user 1654
# ($APP_UID of these images), written as a number so the kubelet can check runAsNonRoot without the image's /etc/passwd.
# Both need ASP.NET Core: the reconciler serves /metrics, /healthz and /readyz with Kestrel.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS reconciler
LABEL org.opencontainers.image.title="memoize-reconciler" \
      org.opencontainers.image.description="Argo Workflows memoization reconciler: cache lookups and stores, size budget, GC"
WORKDIR /app
COPY --from=publish-reconciler /app ./
USER 1654
# 8081: /metrics, /healthz, /readyz (plain HTTP). The reconciler listens there only when told (the default is
# 127.0.0.1:8081, unreachable from outside the container).
EXPOSE 8081
ENTRYPOINT ["dotnet", "Memoize.Reconciler.dll"]
CMD ["--metrics-address=0.0.0.0:8081"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS webhook
LABEL org.opencontainers.image.title="memoize-webhook" \
      org.opencontainers.image.description="Argo Workflows memoization admission webhook"
WORKDIR /app
COPY --from=publish-webhook /app ./
USER 1654
# 8443: admission (HTTPS only); 8080: /healthz, /readyz, /metrics (plain HTTP).
EXPOSE 8443 8080
ENTRYPOINT ["dotnet", "Memoize.Webhook.dll"]
CMD ["--admission-address=0.0.0.0:8443", "--health-address=0.0.0.0:8080", "--tls-cert-file=/etc/memoize/tls/tls.crt", "--tls-key-file=/etc/memoize/tls/tls.key"]
