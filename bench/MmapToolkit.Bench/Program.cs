using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/MmapToolkit.Bench -- --filter '*'
// dotnet run -c Release --project bench/MmapToolkit.Bench -- shards      (SHARDS' error and speed, printed)
if (args is ["shards"])
{
    MmapToolkit.Bench.ShardsFigures.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
