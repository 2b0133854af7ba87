//===----------------------------------------------------------------------===//
//
// This source file is part of the apm-agent-swift open source project
//
// Copyright (c) 2026 the apm-agent-swift project authors
// Licensed under Apache License v2.0
//
// See LICENSE for license information
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

/// The user associated with a transaction or error (`context.user`).
public struct APMUserContext: Sendable, Hashable {
    /// The user's id.
    public var id: String?
    /// The user's name.
    public var username: String?
    /// The user's e-mail address.
    public var email: String?
    /// The user's domain.
    public var domain: String?

    /// Creates a user context; every field is optional.
    public init(id: String? = nil, username: String? = nil, email: String? = nil, domain: String? = nil) {
        self.id = id
        self.username = username
        self.email = email
        self.domain = domain
    }

    /// This user with the fields `update` sets replacing these (the others kept).
    func updated(with update: APMUserContext) -> APMUserContext {
        APMUserContext(
            id: update.id ?? id, username: update.username ?? username, email: update.email ?? email,
            domain: update.domain ?? domain)
    }

    /// `true` when no field is set.
    var isEmpty: Bool { id == nil && username == nil && email == nil && domain == nil }
}
