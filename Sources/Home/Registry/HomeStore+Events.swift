import GRDB

extension HomeStore {
    // MARK: - Event log

    /// Appends an event to the log.
    /// - Returns: the event with its `id`.
    @discardableResult
    public func log(_ event: Event) throws -> Event {
        try write { db in
            var record = EventRecord(event)
            try record.insert(db)
            return record.event
        }
    }

    /// The newest `limit` events, oldest first.
    public func events(limit: Int = 20) throws -> [Event] {
        try read { db in
            try EventRecord.order(EventRecord.Columns.id.desc).limit(limit).fetchAll(db).reversed().map(\.event)
        }
    }

    /// Events logged after the one with id `id`, oldest first (for following the log).
    public func events(after id: Int64, limit: Int = 100) throws -> [Event] {
        try read { db in
            try EventRecord.filter(EventRecord.Columns.id > id).order(EventRecord.Columns.id).limit(limit).fetchAll(db)
                .map(\.event)
        }
    }
}
