using MmapToolkit.Agents;
using MmapToolkit.Demos.Scenarios;
using MmapToolkit.Mapping;
using ModelKernel = MmapToolkit.Model.Kernel;

namespace MmapToolkit.Demos.Tests;

/// <summary>Every word of the scenario vocabulary means the same to the model as to the real library.</summary>
public class VocabularyTests
{
    [Fact]
    public void EveryProtectionWordHasTheSameReadWriteAndExecBitsOnBothSides()
    {
        Assert.Equal(["none", "r", "rw", "rx", "rwx"], Vocabulary.ProtectionWords.Keys);
        foreach (var (word, real) in Vocabulary.ProtectionWords)
        {
            var model = Vocabulary.ToModel(real);
            Assert.True(real.HasFlag(Protection.Read) == model.HasFlag(ModelKernel.Protection.Read), word);
            Assert.True(real.HasFlag(Protection.Write) == model.HasFlag(ModelKernel.Protection.Write), word);
            Assert.True(real.HasFlag(Protection.Exec) == model.HasFlag(ModelKernel.Protection.Exec), word);
            string letters = word == "none" ? "" : word;
            Assert.Equal(letters.Contains('r'), real.HasFlag(Protection.Read));
            Assert.Equal(letters.Contains('w'), real.HasFlag(Protection.Write));
            Assert.Equal(letters.Contains('x'), real.HasFlag(Protection.Exec));
        }
    }

    [Fact]
    public void EveryAdviceTheModelModelsIsTheSameAdviceAndTheRestSayTheyAreNot()
    {
        var modelled = Vocabulary.AdviceWords.Where(kv => Vocabulary.ToModel(kv.Value) is not null).ToList();
        Assert.Equal(["normal", "random", "sequential", "willneed", "dontneed"], modelled.Select(kv => kv.Key));
        foreach (var (_, real) in modelled) Assert.Equal(real.ToString(), Vocabulary.ToModel(real).ToString());
        Assert.Equal(Enum.GetValues<ModelKernel.Advice>().Length, modelled.Count);
        Assert.Null(Vocabulary.ToModel(Advice.Remove));   // not a scenario word: still no model meaning
    }

    [Fact]
    public void EachForkWordIsItsOwnModelStrategyAndOnlyCopyOnWriteIsReal()
    {
        Assert.Equal(["cow", "eager", "lazy-broken"], Vocabulary.ForkWords.Keys);
        var strategies = Vocabulary.ForkWords.Values.Select(Vocabulary.ToModel).ToList();
        Assert.Equal(Enum.GetValues<ModelKernel.ForkStrategy>(), strategies.Order());
        Assert.Equal(ModelKernel.ForkStrategy.CopyOnWrite, Vocabulary.ToModel(ForkStrategy.CopyOnWrite));
        Assert.Equal([ForkStrategy.CopyOnWrite], Vocabulary.ForkWords.Values.Where(Vocabulary.RealKernelForks));
    }

    [Theory]
    [InlineData(FileAccess.Read, 0)]        // O_RDONLY
    [InlineData(FileAccess.Write, 1)]       // O_WRONLY
    [InlineData(FileAccess.ReadWrite, 2)]   // O_RDWR
    public void EachFileAccessOpensWithTheSameOpenFlagsOnBothSides(FileAccess access, int openFlags)
    {
        Assert.Equal(openFlags, (int)Vocabulary.ToModel(access));
        Assert.Equal(openFlags, (int)Vocabulary.ToAgent(access));
    }

    [Fact]
    public void OnlyASharedWritableMapOpensItsFileForWriting()
    {
        Assert.Equal(FileAccess.ReadWrite, Vocabulary.MapAccess(shared: true, Protection.ReadWrite));
        Assert.Equal(FileAccess.Read, Vocabulary.MapAccess(shared: true, Protection.Read));
        Assert.Equal(FileAccess.Read, Vocabulary.MapAccess(shared: false, Protection.ReadWrite));
    }

    [Fact]
    public void TheParserTakesItsWordsFromTheVocabulary()
    {
        var scenario = ScenarioParser.Parse("""
            demo t
            topic 12 t
            process main
            map main r 4 anon private rwx
            protect main r 0 rx
            advise main r all populate-read
            fork main child lazy-broken
            """, "t.scenario");

        Assert.Equal(Vocabulary.ProtectionWords["rwx"], scenario.Steps.OfType<MapStep>().Single().Protection);
        Assert.Equal(Vocabulary.ProtectionWords["rx"], scenario.Steps.OfType<ProtectStep>().Single().Protection);
        Assert.Equal(Vocabulary.AdviceWords["populate-read"], scenario.Steps.OfType<AdviseStep>().Single().Advice);
        Assert.Equal(Vocabulary.ForkWords["lazy-broken"], scenario.Steps.OfType<ForkStep>().Single().Strategy);
    }
}
