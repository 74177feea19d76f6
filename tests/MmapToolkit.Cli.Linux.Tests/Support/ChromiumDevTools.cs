using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MmapToolkit.Cli.Linux.Tests.Support;

/// <summary>
/// Headless Chromium driven through the DevTools protocol (CDP), for what a command-line flag cannot do: real key
/// presses (<c>Input.dispatchKeyEvent</c>, the browser's own input path, not a script's synthetic event), scripts
/// evaluated in the page after that, and screenshots of one element. The browser listens on a loopback port the
/// system picks (<c>--remote-debugging-port=0</c>); the session drives its one page over a WebSocket. Disposing it
/// ends the browser it started (by its process, never by name) and deletes its profile.
/// </summary>
internal sealed partial class ChromiumDevTools : IDisposable
{
    // Generous: the machine may be shared and loaded; a call that takes longer is a hang, reported as one.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly Process _browser;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly List<JsonObject> _events = [];
    private int _nextId;

    private ChromiumDevTools(Process browser, string profile)
    {
        _browser = browser;
        _profile = profile;
    }

    /// <summary>Starts the browser on about:blank, with a viewport of <paramref name="width"/> by <paramref name="height"/>.</summary>
    public static ChromiumDevTools Start(int width = 1200, int height = 900)
    {
        Assert.True(Chromium.Path is not null, $"Chromium is not installed ({Chromium.Install})");
        string profile = Directory.CreateTempSubdirectory("mmaptk-chromium-cdp-").FullName;
        var start = new ProcessStartInfo(Chromium.Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in Chromium.Flags(profile)) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--remote-debugging-port=0");
        start.ArgumentList.Add("about:blank");
        var session = new ChromiumDevTools(Process.Start(start)!, profile);
        try
        {
            session.Connect();
            session.Send("Emulation.setDeviceMetricsOverride", new JsonObject
            {
                ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false,
            });
            session.Send("Page.enable");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="page"/> (a file) and waits for its load event: its scripts have run.</summary>
    public void Open(string page, string fragment = "")
    {
        _events.Clear();
        Send("Page.navigate", new JsonObject { ["url"] = new Uri(Path.GetFullPath(page)).AbsoluteUri + fragment });
        WaitForEvent("Page.loadEventFired");
    }

    /// <summary>One key pressed and released, as a keyboard would: keyDown then keyUp with the key's DOM name and
    /// Windows key code (ArrowLeft 37, ArrowUp 38, ArrowRight 39, ArrowDown 40, Home 36, End 35).</summary>
    public void Press(string key)
    {
        int code = key switch
        {
            "ArrowLeft" => 37, "ArrowUp" => 38, "ArrowRight" => 39, "ArrowDown" => 40, "Home" => 36, "End" => 35,
            _ => throw new ArgumentException($"no key code known for {key}"),
        };
        foreach (string type in new[] { "rawKeyDown", "keyUp" })
            Send("Input.dispatchKeyEvent", new JsonObject
            {
                ["type"] = type, ["key"] = key, ["code"] = key, ["windowsVirtualKeyCode"] = code, ["nativeVirtualKeyCode"] = code,
            });
    }

    /// <summary>The value of <paramref name="expression"/> in the page (JSON-serialisable), or a failed assertion
    /// with the page's exception.</summary>
    public JsonNode? Evaluate(string expression)
    {
        var result = Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        Assert.True(result["exceptionDetails"] is null, $"{expression}: {result["exceptionDetails"]?.ToJsonString()}");
        return result["result"]!["value"];
    }

    public string EvaluateString(string expression) => Evaluate(expression)?.GetValue<string>() ?? "";

    /// <summary>A PNG of the page's region <paramref name="x"/>, <paramref name="y"/> (document coordinates),
    /// <paramref name="width"/> by <paramref name="height"/>, scrolled to or not.</summary>
    public byte[] Screenshot(double x, double y, double width, double height)
    {
        var result = Send("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png", ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject { ["x"] = x, ["y"] = y, ["width"] = width, ["height"] = height, ["scale"] = 1 },
        });
        return Convert.FromBase64String(result["data"]!.GetValue<string>());
    }

    /// <summary>Sends one command and returns its result; a protocol error fails the test.</summary>
    public JsonObject Send(string method, JsonObject? parameters = null)
    {
        int id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        using (var cancel = new CancellationTokenSource(Patience))
            _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancel.Token).GetAwaiter().GetResult();
        while (true)
        {
            var reply = Receive($"the reply to {method}");
            if (reply["id"]?.GetValue<int>() != id)
            {
                if (reply["method"] is not null) _events.Add(reply);
                continue;
            }
            Assert.True(reply["error"] is null, $"{method}: {reply["error"]?.ToJsonString()}");
            return reply["result"]!.AsObject();
        }
    }

    private void WaitForEvent(string method)
    {
        if (_events.Any(e => (string?)e["method"] == method)) return;
        while ((string?)Receive(method)["method"] != method)
        {
        }
    }

    private JsonObject Receive(string waitingFor)
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        using var cancel = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                var r = _socket.ReceiveAsync(buffer, cancel.Token).GetAwaiter().GetResult();
                Assert.True(r.MessageType != WebSocketMessageType.Close, $"Chromium closed the DevTools connection while we waited for {waitingFor}");
                message.Write(buffer, 0, r.Count);
                if (r.EndOfMessage) break;
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Chromium sent nothing for {Patience.TotalSeconds} s while we waited for {waitingFor}");
        }
        return JsonNode.Parse(message.ToArray())!.AsObject();
    }

    /// <summary>Reads the port from the browser's "DevTools listening on ws://127.0.0.1:PORT/..." line, then connects to
    /// its page (not the browser target: Input and Page are the page's domains).</summary>
    private void Connect()
    {
        var listening = Task.Run(() =>
        {
            string? line;
            var seen = new StringBuilder();
            while ((line = _browser.StandardError.ReadLine()) is not null)
            {
                seen.AppendLine(line);
                if (DevToolsLine().Match(line) is { Success: true } m) return (Port: int.Parse(m.Groups[1].Value), Seen: seen.ToString());
            }
            return (Port: 0, Seen: seen.ToString());
        });
        Assert.True(listening.Wait(Patience), "Chromium did not say where DevTools listens");
        var (port, seen) = listening.Result;
        Assert.True(port > 0, $"Chromium ended without a DevTools port: {seen}");
        // Keep draining both pipes, or the browser blocks once one is full.
        _ = _browser.StandardError.ReadToEndAsync();
        _ = _browser.StandardOutput.ReadToEndAsync();
        using var http = new HttpClient { Timeout = Patience };
        var targets = JsonNode.Parse(http.GetStringAsync($"http://127.0.0.1:{port}/json/list").GetAwaiter().GetResult())!.AsArray();
        string url = targets.Select(t => t!.AsObject()).First(t => (string?)t["type"] == "page")["webSocketDebuggerUrl"]!.GetValue<string>();
        using var cancel = new CancellationTokenSource(Patience);
        _socket.ConnectAsync(new Uri(url), cancel.Token).GetAwaiter().GetResult();
    }

    [GeneratedRegex(@"DevTools listening on ws://127\.0\.0\.1:(\d+)/")]
    private static partial Regex DevToolsLine();

    public void Dispose()
    {
        _socket.Dispose();
        if (!_browser.HasExited)
        {
            _browser.Kill(entireProcessTree: true);
            _browser.WaitForExit();
        }
        _browser.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A crash-report file still being written: the temp directory's cleaner takes it.
        }
    }
}
