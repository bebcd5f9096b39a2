using System.Net;
using ModularTorrent.Cli;
using ModularTorrent.Cli.Remote;

namespace ModularTorrent.Cli.Tests.Remote;

/// <summary><c>--host</c>/<c>--key</c> reading and problem answers turned into one line and an exit code.</summary>
public sealed class RemoteParsingTests
{
    private static string? NoVariables(string name) => null;

    [Theory]
    [InlineData(null, "http://127.0.0.1:5080/")]
    [InlineData("localhost:9000", "http://localhost:9000/")]
    [InlineData("https://mt.example/base", "https://mt.example/base/")]
    public void Host_defaults_and_forms(string? given, string expected) =>
        Assert.Equal(expected, RemoteConnection.Parse(given, null, NoVariables).BaseAddress.ToString());

    [Fact]
    public void Environment_variables_fill_in_what_options_do_not_give()
    {
        var variables = new Dictionary<string, string> { ["MT_HOST"] = "http://10.0.0.5:81", ["MT_API_KEY"] = "from-env" };
        var fromEnv = RemoteConnection.Parse(null, null, variables.GetValueOrDefault);
        Assert.Equal("http://10.0.0.5:81/", fromEnv.BaseAddress.ToString());
        Assert.Equal("from-env", fromEnv.Key);

        var fromOptions = RemoteConnection.Parse("http://127.0.0.1:1", "given", variables.GetValueOrDefault);
        Assert.Equal("http://127.0.0.1:1/", fromOptions.BaseAddress.ToString());
        Assert.Equal("given", fromOptions.Key);
    }

    [Theory]
    [InlineData("ftp://x")]
    [InlineData("http://")]
    public void A_host_that_is_not_http_is_bad_input(string host)
    {
        var ex = Assert.Throws<CliException>(() => RemoteConnection.Parse(host, null, NoVariables));
        Assert.Equal(ExitCodes.InvalidInput, ex.ExitCode);
    }

    [Fact]
    public void A_validation_problem_names_every_field_and_exits_2()
    {
        var ex = ApiProblem.FromBody(
            HttpStatusCode.BadRequest,
            "Bad Request",
            """{"type":"https://modulartorrent.dev/problems/validation","title":"Invalid request","status":400,"detail":"magnet: bad","errors":{"magnet":["bad"],"savePath":["Give an absolute folder path."]}}""");
        Assert.Equal(ExitCodes.InvalidInput, ex.ExitCode);
        Assert.Equal("Invalid request: magnet: bad; savePath: Give an absolute folder path.", ex.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, """{"title":"Not found","status":404,"detail":"Torrent 'x' is not known."}""", 1, "Not found: Torrent 'x' is not known.")]
    [InlineData(HttpStatusCode.UnprocessableEntity, """{"title":"Unprocessable","detail":"Not a torrent."}""", 2, "Unprocessable: Not a torrent.")]
    [InlineData(HttpStatusCode.GatewayTimeout, "", 3, "the host answered 504 Gateway Timeout.")]
    [InlineData(HttpStatusCode.InternalServerError, "<html>oops</html>", 1, "the host answered 500 Internal Server Error.")]
    public void Other_answers_become_one_line(HttpStatusCode status, string body, int exitCode, string message)
    {
        var ex = ApiProblem.FromBody(status, status == HttpStatusCode.GatewayTimeout ? "Gateway Timeout" : status == HttpStatusCode.InternalServerError ? "Internal Server Error" : null, body);
        Assert.Equal(exitCode, ex.ExitCode);
        Assert.Equal(message, ex.Message);
    }
}
