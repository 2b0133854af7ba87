/// Thrown inside the sender when a stop has given up waiting: the loop ends without touching
/// the queue again.
struct SenderExit: Error {}
