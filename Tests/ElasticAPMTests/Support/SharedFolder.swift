import Foundation

/// The project's `../shared` folder (design, specs, tools), found relative to this source file.
enum SharedFolder {
    static let root: URL? = {
        var url = URL(filePath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appending(path: "Package.swift").path) {
                let shared = url.deletingLastPathComponent().appending(path: "shared")
                return FileManager.default.fileExists(atPath: shared.path) ? shared : nil
            }
        }
        return nil
    }()
}
