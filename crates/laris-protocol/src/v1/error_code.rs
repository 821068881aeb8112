//! [`ErrorCode`]: every `code` the server may put in an error body ([`super::ErrorBody`]).
//! Clients match on the enum; a code from a newer server that this build does not know parses
//! to `None` and is shown by its message.

crate::error_codes! {
    /// The `code` of an error body.
    pub enum ErrorCode {
        // 400
        /// A field that parses but makes no sense.
        InvalidField = "invalid_field",
        /// A query string that does not parse.
        InvalidQuery = "invalid_query",
        /// A body that is not what the endpoint reads.
        UnreadableBody = "unreadable_body",
        MalformedBody = "malformed_body",
        BadCompression = "bad_compression",
        EncodeFailed = "encode_failed",
        UnsupportedVersion = "unsupported_version",
        BadHlc = "bad_hlc",
        ClockDrift = "clock_drift",
        InconsistentAmounts = "inconsistent_amounts",
        TooManyItems = "too_many_items",
        /// The pairing code is unknown, used or expired.
        InvalidPairingCode = "invalid_pairing_code",
        // 401
        MissingCredential = "missing_credential",
        InvalidCredential = "invalid_credential",
        InvalidLogin = "invalid_login",
        InvalidSession = "invalid_session",
        // 403
        /// The owner revoked this device.
        DeviceRevoked = "device_revoked",
        WrongStore = "wrong_store",
        WrongDevice = "wrong_device",
        /// Sign-up on this server needs a one-time link from its operator.
        SignupClosed = "signup_closed",
        /// The sign-up link is unknown, used or expired.
        InvalidInvite = "invalid_invite",
        /// A state change from the back office without its session's CSRF token, or from
        /// another site.
        CsrfRefused = "csrf_refused",
        // 404, 405, 408, 409, 413, 415
        NotFound = "not_found",
        MethodNotAllowed = "method_not_allowed",
        BodyTimeout = "body_timeout",
        /// This device id is paired already: pair with its key or a re-enrolment code.
        DeviceExists = "device_exists",
        /// Another till of the store has this receipt prefix.
        DeviceCodeTaken = "device_code_taken",
        /// Another event under a seq the server holds ([`super::SeqConflict`]).
        SeqReused = "seq_reused",
        EmailTaken = "email_taken",
        /// Another shop's online page has this address.
        SlugTaken = "slug_taken",
        BodyTooLarge = "body_too_large",
        UnsupportedEncoding = "unsupported_encoding",
        // 429, 500, 503
        RateLimited = "rate_limited",
        AccountLocked = "account_locked",
        Internal = "internal",
        Busy = "busy",
    }
}
