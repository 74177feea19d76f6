using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/MmapToolkit.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
