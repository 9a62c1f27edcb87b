import CEditShim

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The terminal line reader: libedit through CEditShim, with emacs key bindings, UTF-8 input,
/// Tab completion, Ctrl-C discarding the line, Ctrl-D on an empty line ending input, and
/// persistent history (one entry per chunk, saved atomically after every chunk).
final class LineEditor: LineReader {
    /// Returns the full candidate words for the word before the cursor.
    typealias Completer = (_ word: String) -> [String]

    private let editor: OpaquePointer
    private let history: HistoryFile?
    private let completerBox: CompleterBox

    /// Holds the completer for the C callback (which gets it back through `ctx`).
    private final class CompleterBox {
        let complete: Completer
        init(_ complete: @escaping Completer) { self.complete = complete }
    }

    /// Opens the editor, or returns nil when libedit cannot start (then use a plain reader).
    /// History is loaded from `history` when given; a missing file is a first run, not an error.
    init?(history: HistoryFile?, historySize: Int = 1000, completer: @escaping Completer) {
        let box = CompleterBox(completer)
        let context = Unmanaged.passUnretained(box).toOpaque()
        guard let editor = sl_edit_open("scalelab", Int32(historySize), { ctx, editor, before in
            guard let ctx, let editor, let before else { return Int32(SL_EDIT_BEEP) }
            let box = Unmanaged<CompleterBox>.fromOpaque(ctx).takeUnretainedValue()
            return LineEditor.complete(box, editor: editor, before: String(cString: before))
        }, context) else { return nil }
        self.editor = editor
        self.completerBox = box
        self.history = history
        if let path = history?.path { _ = sl_edit_history_load(editor, path) }
    }

    deinit {
        sl_edit_close(editor)
    }

    func readLine(prompt: String) -> LineInput {
        var line: UnsafeMutablePointer<CChar>?
        var length = 0
        switch sl_edit_read(editor, prompt, &line, &length) {
        case Int32(SL_EDIT_LINE):
            guard let line else { return .endOfInput }
            defer { sl_edit_free(line) }
            let bytes = UnsafeRawBufferPointer(start: line, count: length)
            return .line(String(decoding: bytes, as: UTF8.self))
        case Int32(SL_EDIT_INTERRUPTED):
            // libedit left the cursor after the partial line; end it as lldb does.
            StandardStreams.write("^C\n")
            return .interrupted
        case Int32(SL_EDIT_EOF):
            return .endOfInput
        default:
            return .endOfInput
        }
    }

    func recordChunk(_ chunk: String) {
        guard !chunk.allSatisfy(\.isWhitespace) else { return }
        sl_edit_history_add(editor, chunk)
        guard let history else { return }
        // Save after every chunk, not at exit: os.exit() from Lua calls C exit() directly.
        if sl_edit_history_save(editor, history.path) != 0 {
            history.warnOnce(errno: errno)
        }
    }

    /// The number of entries in the in-memory history.
    var historyCount: Int { Int(sl_edit_history_count(editor)) }

    /// Runs the completer for the word before the cursor and applies the plan.
    private static func complete(_ box: CompleterBox, editor: OpaquePointer, before: String)
        -> Int32
    {
        let word = TabCompletion.word(before: before)
        guard let plan = TabCompletion.plan(word: word, candidates: box.complete(word)) else {
            return Int32(SL_EDIT_BEEP)
        }
        if !plan.insertion.isEmpty {
            return sl_edit_insert(editor, plan.insertion) == 0
                ? Int32(SL_EDIT_REFRESH) : Int32(SL_EDIT_BEEP)
        }
        sl_edit_print(editor, TabCompletion.columns(plan.listing, width: terminalWidth()))
        return Int32(SL_EDIT_REDISPLAY)
    }

    private static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 80
    }
}
