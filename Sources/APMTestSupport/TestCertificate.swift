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

/// A self-signed P-256 certificate for 127.0.0.1 and localhost, valid until 2126, and its
/// key: test-only material for the TLS tests.
package enum TestCertificate {
    /// The certificate, PEM-encoded; trust it as a CA to reach ``LoopbackIntakeServer`` over HTTPS.
    package static let certificatePEM = """
        -----BEGIN CERTIFICATE-----
        MIIBrTCCAVOgAwIBAgIUKn8YnZ0pw66GOWWa5baQ4iUxbH8wCgYIKoZIzj0EAwIw
        HTEbMBkGA1UEAwwSYXBtLXRyYW5zcG9ydC10ZXN0MCAXDTI2MTEyMTE1MDExM1oY
        DzIxMjYxMDI4MTUwMTEzWjAdMRswGQYDVQQDDBJhcG0tdHJhbnNwb3J0LXRlc3Qw
        WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQKU7nh7M+9+IO7MPiNm8FYMK6x7u8U
        QMbhijFcgVatwLncSBfxIp4O+EB9l5DW6jRFkysft8RHcd68eHNrnONBo28wbTAd
        BgNVHQ4EFgQUYTT4x6XWHoVI+V93/0dchfqwJKEwHwYDVR0jBBgwFoAUYTT4x6XW
        HoVI+V93/0dchfqwJKEwDwYDVR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAAB
        gglsb2NhbGhvc3QwCgYIKoZIzj0EAwIDSAAwRQIgceL5rE1dlYOKc2bhB732XkhJ
        YhWrSJ+zu8Na1yhoTVYCIQDxweCEB3qY5iGluTl/E4sNrj155Owra/FQvMPLWI0W
        JQ==
        -----END CERTIFICATE-----

        """

    /// The certificate's private key, PEM-encoded (PKCS #8).
    package static let privateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgZBpVq80B+Xdscyt5
        n0Wk25i0ad0cWsNbUk8AdteoURyhRANCAAQKU7nh7M+9+IO7MPiNm8FYMK6x7u8U
        QMbhijFcgVatwLncSBfxIp4O+EB9l5DW6jRFkysft8RHcd68eHNrnONB
        -----END PRIVATE KEY-----

        """
}
