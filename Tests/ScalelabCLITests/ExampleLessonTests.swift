import Foundation
import Testing

/// The lessons in `examples/` and the workshop answers in `examples/answers/`, found by
/// globbing, so a new lesson is tested as soon as it is added (issue 7 item 6). Each runs
/// through the built `scalelab` binary from the package root, as a reader would
/// (`scalelab examples/03-....lua`); its `assert`s check its claims, so a failed claim is a
/// non-zero exit status with the assertion's message on stderr.
enum ExampleLessons {
    /// `examples/*.lua` and `examples/answers/*.lua`, relative to the package root, sorted.
    static let scripts: [String] = {
        ["examples", "examples/answers"].flatMap { folder -> [String] in
            let url = ScalelabBinary.packageRoot.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            return names.filter { $0.hasSuffix(".lua") }.sorted().map { "\(folder)/\($0)" }
        }
    }()

    /// Runs one script from the package root with `arguments` after it.
    static func run(_ script: String, _ arguments: [String] = []) throws -> ProcessResult {
        try runScalelab([script] + arguments, directory: ScalelabBinary.packageRoot)
    }
}

@Suite struct ExampleLessonTests {
    /// The glob finds the numbered lessons and the answers (a broken glob would test nothing).
    @Test func lessonsAreFound() {
        let lessons = ExampleLessons.scripts.filter { !$0.contains("/answers/") }
        #expect(lessons.count >= 9, "\(ExampleLessons.scripts)")
        #expect(lessons.first == "examples/01-pods-per-node.lua")
        for (index, lesson) in lessons.enumerated() {
            let number = String(format: "%02d-", index + 1)
            #expect(lesson.hasPrefix("examples/\(number)"), "lessons are numbered 01, 02, ...")
        }
    }

    /// The README's lesson table and the workshop plan link every lesson, and the README shows
    /// the chart it names (issue 7 item 6).
    @Test func readmeAndWorkshopLinkEveryLesson() throws {
        let root = ScalelabBinary.packageRoot
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"),
                                encoding: .utf8)
        let workshop = try String(contentsOf: root.appendingPathComponent("WORKSHOP.md"),
                                  encoding: .utf8)
        for script in ExampleLessons.scripts {
            if script.contains("/answers/") {
                #expect(workshop.contains("(\(script))"), "WORKSHOP.md links \(script)")
            } else {
                #expect(readme.contains("(\(script))"), "README.md links \(script)")
                #expect(workshop.contains("(\(script))"), "WORKSHOP.md links \(script)")
            }
        }
        let chart = "docs/images/lesson-03-pipeline.svg"
        #expect(readme.contains("](\(chart))"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(chart).path))
    }

    /// Every lesson and answer runs to the end: exit status 0, nothing on stderr, and it
    /// printed something (the story's numbers).
    @Test(arguments: ExampleLessons.scripts)
    func scriptRuns(_ script: String) throws {
        let result = try ExampleLessons.run(script)
        #expect(result.status == 0, "\(script):\n\(result.stderr)")
        #expect(result.stderr == "", "\(script)")
        #expect(!result.stdout.isEmpty, "\(script) printed nothing")
        if script.contains("/answers/") {
            try expectWorkshopQuotes(result.stdout, of: script)
        }
    }

    /// WORKSHOP.md quotes the answers' figures: every number an answer script prints on its
    /// `N.M:` lines must appear in that lesson's section of WORKSHOP.md (thousands separators
    /// ignored), so an engine change that moves a figure shows up here, naming the number.
    func expectWorkshopQuotes(_ stdout: String, of script: String) throws {
        let url = ScalelabBinary.packageRoot.appendingPathComponent("WORKSHOP.md")
        let workshop = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: #"(\d),(\d{3})"#, with: "$1$2",
                                  options: .regularExpression)
        let lesson = String(script.split(separator: "/").last?.prefix(2) ?? "")
        guard let start = workshop.range(of: "### \(lesson) ·") else {
            Issue.record("WORKSHOP.md has no section \"### \(lesson) ·\" for \(script)")
            return
        }
        let rest = workshop[start.upperBound...]
        let section = rest.range(of: "\n### ").map { rest[..<$0.lowerBound] } ?? rest
        let numbers = try NSRegularExpression(pattern: #"\d+(?:\.\d+)?"#)
        for line in stdout.split(separator: "\n") {
            let text = String(line)
            guard let colon = text.firstIndex(of: ":"),
                  text[..<colon].range(of: #"^\d\.\d$"#, options: .regularExpression) != nil
            else { continue }
            let claim = String(text[text.index(after: colon)...])
            let range = NSRange(claim.startIndex..., in: claim)
            for match in numbers.matches(in: claim, range: range) {
                guard let r = Range(match.range, in: claim) else { continue }
                let number = String(claim[r])
                #expect(section.contains(number), """
                    \(script) prints \(number) ("\(text)") but WORKSHOP.md's section \(lesson) \
                    does not quote it: update WORKSHOP.md
                    """)
            }
        }
    }

    /// Lesson 03 writes the README's chart when given a path: an SVG with the replicas and the
    /// metric (docs/images/lesson-03-pipeline.svg is made this way).
    @Test func lessonThreeWritesTheReadmeChart() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.url.appendingPathComponent("chart.svg").path
        let script = try #require(ExampleLessons.scripts.first { $0.hasPrefix("examples/03-") })
        let result = try ExampleLessons.run(script, [path])
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("myapp.replicas"))
        #expect(svg.contains("myhpa.myapp_requests_per_second"))
    }
}
