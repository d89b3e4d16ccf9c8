/// An id for a new row. Time-ordered (UUIDv7), so each insert lands at the right edge of the
/// primary-key index instead of on a random page of it — a meeting with 20 invitees writes 21
/// such entries, a poll with 200 people 200 more. The ids are no secret: links are MACs and
/// carry no id, and an id shows only when its row was made.
pub fn new_row_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
