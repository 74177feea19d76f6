using System.Text.Json.Nodes;
using MmapToolkit.Cli.Linux.Tests.Support;
using MmapToolkit.Linux.Tests.Support;

namespace MmapToolkit.Cli.Linux.Tests.Html;

/// <summary>
/// <c>demo NAME --html</c>'s keyboard navigation in headless Chromium, with real key presses (the DevTools protocol's
/// Input.dispatchKeyEvent goes through the browser's input handling, as a keyboard does): after each key, the DOM
/// shows the step the key chose — one section visible, the step list's item and the slider on it, the position text
/// and the address's <c>#step-N</c> following. Model only: nothing forks.
/// </summary>
public class DemoKeyboardBrowserTests
{
    private sealed record Shown(int Current, int[] Visible, int[] ListCurrent, int Slider, string Position, string Hash);

    [ChromiumFact]
    public void ArrowKeysHomeAndEndMoveTheShownStep()
    {
        using var dir = new TempDirectory();
        string page = dir.File("cow-fork.html");
        Assert.Equal(0, Mmaptk.Run("demo", "cow-fork", "--model-only", "--html", page).ExitCode);
        using var browser = ChromiumDevTools.Start();
        browser.Open(page);
        Assert.Equal("ready", browser.EvaluateString("document.body.dataset.script"));
        int steps = int.Parse(browser.EvaluateString("document.body.dataset.steps"));
        Assert.True(steps > 3, $"{steps} steps: too few to walk through");
        AssertShows(browser, 0, steps);

        // Each key from where the one before left it: right, right, down (forward), left, up (back), End, Home.
        var walk = new (string Key, int Expected)[]
        {
            ("ArrowRight", 1), ("ArrowRight", 2), ("ArrowDown", 3), ("ArrowLeft", 2), ("ArrowUp", 1),
            ("End", steps - 1), ("ArrowRight", steps - 1), ("Home", 0), ("ArrowLeft", 0),
        };
        foreach (var (key, expected) in walk)
        {
            browser.Press(key);
            AssertShows(browser, expected, steps, $"after {key}");
        }
    }

    [ChromiumFact]
    public void AnArrowKeyOnTheFocusedSliderMovesOneStepNotTwo()
    {
        using var dir = new TempDirectory();
        string page = dir.File("cow-fork.html");
        Assert.Equal(0, Mmaptk.Run("demo", "cow-fork", "--model-only", "--html", page).ExitCode);
        using var browser = ChromiumDevTools.Start();
        browser.Open(page, "#step-4");
        int steps = int.Parse(browser.EvaluateString("document.body.dataset.steps"));
        AssertShows(browser, 4, steps);
        browser.Evaluate("document.getElementById('slider').focus()");
        Assert.Equal("slider", browser.EvaluateString("document.activeElement.id"));

        // The slider moves itself (its own input event shows the step); the page's key handler leaves it alone.
        browser.Press("ArrowRight");
        AssertShows(browser, 5, steps, "after ArrowRight on the slider");
        browser.Press("ArrowLeft");
        browser.Press("ArrowLeft");
        AssertShows(browser, 3, steps, "after two ArrowLeft on the slider");
    }

    private static void AssertShows(ChromiumDevTools browser, int step, int steps, string when = "on opening")
    {
        var s = Read(browser);
        Assert.True(s.Current == step, $"{when}: body data-current is {s.Current}, expected {step}");
        Assert.Equal([step], s.Visible);
        Assert.Equal([step], s.ListCurrent);
        Assert.Equal(step, s.Slider);
        Assert.Equal($"step {step + 1} of {steps}", s.Position);
        if (when != "on opening") Assert.Equal($"#step-{step}", s.Hash);
    }

    /// <summary>What the page shows now, read from the DOM in one evaluation.</summary>
    private static Shown Read(ChromiumDevTools browser)
    {
        var o = browser.Evaluate("""
            ({
              current: parseInt(document.body.dataset.current, 10),
              visible: Array.from(document.querySelectorAll('section.step')).filter(s => !s.hidden).map(s => parseInt(s.dataset.step, 10)),
              listCurrent: Array.from(document.querySelectorAll('#step-list li.current')).map(li => parseInt(li.dataset.step, 10)),
              slider: parseInt(document.getElementById('slider').value, 10),
              position: document.getElementById('position').textContent,
              hash: location.hash
            })
            """)!.AsObject();
        static int[] Ints(JsonNode? a) => a!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
        return new Shown(o["current"]!.GetValue<int>(), Ints(o["visible"]), Ints(o["listCurrent"]), o["slider"]!.GetValue<int>(),
                         o["position"]!.GetValue<string>(), o["hash"]!.GetValue<string>());
    }
}
