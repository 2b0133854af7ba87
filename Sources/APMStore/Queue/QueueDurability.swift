/// How hard a commit waits for the disk (`queue_durability`).
package enum QueueDurability: String, Sendable {
    /// `PRAGMA synchronous=NORMAL` in WAL mode: a committed transaction survives a process crash
    /// (`kill -9`); an OS crash or power loss may lose the last commits, never corrupts the file.
    case batched
    /// `PRAGMA synchronous=FULL`: every commit is fsynced before it returns.
    case strict
}
