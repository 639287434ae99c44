using Memoize.Cli;

// The real console; everything else lives in MemoizeCommandLine so tests run it in-process.
var colour = TerminalColour.IsWanted(
    Console.IsOutputRedirected,
    Environment.GetEnvironmentVariable("NO_COLOR"),
    Environment.GetEnvironmentVariable("TERM"));
return MemoizeCommandLine.Run(args, Console.In, Console.Out, Console.Error, colour);
