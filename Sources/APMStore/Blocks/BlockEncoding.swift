/// How a block's body is stored (`blocks.encoding`).
enum BlockEncoding: Int64 {
    /// The lines as they are: blocks moved from schema 3, one event each.
    case identity = 0
    /// Concatenated gzip members.
    case gzip = 1
}
