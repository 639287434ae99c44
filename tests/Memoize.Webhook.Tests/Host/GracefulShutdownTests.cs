using System.Net;
using System.Net.Sockets;
using Memoize.Webhook.Tests.Support;

namespace Memoize.Webhook.Tests.Host;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Shutdown_stops_accepting_and_finishes_the_review_in_flight()
    {
        var server = await WebhookServer.StartAsync(o => o with { LookupBudget = TimeSpan.FromSeconds(30) });
        var reviewer = server.Reviewer!;
        reviewer.GrantedVerbs.ExceptWith(["create"]);
        reviewer.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var inFlight = server.ReviewAsync("/mutate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        await Deadline.Within(reviewer.Entered.Task.ContinueWith(_ => true, TaskScheduler.Default), "the review to reach the SubjectAccessReview");

        var stopping = server.App.StopAsync();
        await Deadline.WaitUntilAsync(async () => !await AcceptsConnectionsAsync(server.AdmissionUri.Port), "the admission listener stops accepting");
        Assert.False(inFlight.IsCompleted);

        reviewer.Gate.SetResult();
        var (status, body) = await Deadline.Within(inFlight, "the in-flight review to finish");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("memoize: the Argo controller (system:serviceaccount:argo:argo) cannot create configmaps", (string?)body["response"]!["warnings"]![0], StringComparison.Ordinal);
        await Deadline.Within(stopping.ContinueWith(_ => true, TaskScheduler.Default), "the host to stop");
        await server.DisposeAsync();
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
