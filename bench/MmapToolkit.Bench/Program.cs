using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/MmapToolkit.Bench -- --filter '*'
// dotnet run -c Release --project bench/MmapToolkit.Bench -- shards      (SHARDS' error and speed, printed)
// dotnet run -c Release --project bench/MmapToolkit.Bench -- lru-curve [FILE...]   (the one-pass LRU curve's speed, printed)
if (args is ["lru-curve", .. var files])
{
    MmapToolkit.Bench.LruCurveFigures.Run(files);
    return;
}
if (args is ["shards"])
{
    MmapToolkit.Bench.ShardsFigures.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
