/// The usage text of `scalelab` (`--help`), in lua.c's `print_usage` layout with scalelab's
/// additions.
enum Usage {
    /// The full usage text, ending with a newline.
    static let text = """
        usage: scalelab [options] [script [args]]
               scalelab conformance <suite> FILE.json
               scalelab merge [--json] FILE...
               scalelab script.lua --shard K/N [--out FILE] | --emit-job [--shards N] [--image IMG]
        Available options are:
          -e stat   execute string 'stat'
          -i        enter interactive mode after executing 'script'
          -l mod    require library 'mod' into global 'mod'
          -l g=mod  require library 'mod' into global 'g'
          -v        show version information
          -E        ignore environment variables
          -W        turn warnings on
          --        stop handling options
          -         stop handling options and execute stdin
          --sandbox             no io, os.execute, os.exit, os.remove, os.rename,
                                package.loadlib or C module loaders
          --max-memory SIZE     cap the Lua heap, e.g. 64Mi (a Kubernetes quantity)
          --timeout DURATION    stop a chunk running longer than DURATION, e.g. 30s
          --emit-types          print types/scalelab.d.lua (LuaCATS stubs for editors)
          --help                show this text
        With no arguments on a terminal, scalelab opens the REPL.
        Conformance suites: \(ConformanceCommand.suiteList).

        """
}
