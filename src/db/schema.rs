// The tables of migrations/{postgres,sqlite}; one description serves both backends.
// Keep it in step with the migrations by hand (or `diesel print-schema` against PostgreSQL).

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        display_name -> Text,
        password_hash -> Nullable<Text>,
        is_admin -> Bool,
        locale -> Text,
        time_zone -> Text,
        disabled_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        oidc_issuer -> Nullable<Text>,
        oidc_subject -> Nullable<Text>,
        sessions_valid_after -> Nullable<Timestamp>,
        email_verified -> Bool,
        reply_digest -> Bool,
        reply_digest_until -> Nullable<Timestamp>,
        organisation_id -> Text,
        organisation_admin -> Bool,
    }
}

diesel::table! {
    maintenance_runs (job) {
        job -> Text,
        last_started_at -> Timestamp,
    }
}

diesel::table! {
    organisations (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        idp_hint -> Nullable<Text>,
        default_server_id -> Nullable<Text>,
        is_default -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    organisation_branding (organisation_id) {
        organisation_id -> Text,
        accent_colour -> Nullable<Text>,
        imprint_url -> Nullable<Text>,
        privacy_url -> Nullable<Text>,
        accessibility_url -> Nullable<Text>,
        mail_footer_de -> Text,
        mail_footer_en -> Text,
        invitation_intro_de -> Text,
        invitation_intro_en -> Text,
        data_stays_claim -> Bool,
        logo -> Nullable<Binary>,
        logo_type -> Nullable<Text>,
        version -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    organisation_domains (domain) {
        domain -> Text,
        organisation_id -> Text,
    }
}

diesel::table! {
    jitsi_server_organisations (server_id, organisation_id) {
        server_id -> Text,
        organisation_id -> Text,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    setup_tokens (token_hash) {
        token_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    attempt_counts (counted, key_hash) {
        counted -> Text,
        key_hash -> Text,
        failures -> Integer,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (user_id, key) {
        user_id -> Text,
        key -> Text,
        fingerprint -> Text,
        meeting_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    lobby_entries (participant_id) {
        participant_id -> Text,
        meeting_id -> Text,
        name -> Text,
        state -> Text,
        asked_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        decided_by -> Nullable<Text>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Text,
        occurred_at -> Timestamp,
        action -> Text,
        actor_id -> Nullable<Text>,
        target_user_id -> Nullable<Text>,
        ip -> Nullable<Text>,
        detail -> Nullable<Text>,
    }
}

diesel::table! {
    jitsi_servers (id) {
        id -> Text,
        name -> Text,
        base_url -> Text,
        token_mode -> Text,
        app_id -> Nullable<Text>,
        secret_sealed -> Nullable<Binary>,
        audience -> Text,
        is_default -> Bool,
        retired_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        algorithm -> Text,
        key_id -> Nullable<Text>,
        subject -> Text,
        moderator_claim -> Text,
        features -> Text,
        token_margin_minutes -> Integer,
        lobby_claims -> Bool,
    }
}

diesel::table! {
    meetings (id) {
        id -> Text,
        organizer_id -> Text,
        jitsi_server_id -> Nullable<Text>,
        title -> Text,
        description -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        time_zone -> Text,
        room_name -> Text,
        lobby_enabled -> Bool,
        join_minutes_before -> Integer,
        revision -> Integer,
        cancelled_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        recurrence -> Nullable<Text>,
        failures_seen_at -> Nullable<Timestamp>,
        dial_in_pin -> Nullable<Text>,
        room_settings -> Text,
    }
}

diesel::table! {
    jitsi_server_hooks (server_id) {
        server_id -> Text,
        muc_domain -> Nullable<Text>,
        dial_in_numbers -> Text,
        events_token_digest -> Nullable<Text>,
        reservations -> Text,
        reservations_token_digest -> Nullable<Text>,
        reservations_lobby -> Bool,
        room_presets -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    room_stays (id) {
        id -> Text,
        meeting_id -> Text,
        occupant_jid -> Text,
        breakout_room -> Nullable<Text>,
        participant_id -> Nullable<Text>,
        name -> Text,
        kind -> Text,
        joined_at -> Timestamp,
        left_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    jitsi_reservations (id) {
        id -> BigInt,
        server_id -> Text,
        room_name -> Text,
        meeting_id -> Nullable<Text>,
        mail_owner -> Text,
        active -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    meeting_exceptions (meeting_id, recurrence_id) {
        meeting_id -> Text,
        recurrence_id -> Timestamp,
        cancelled_at -> Nullable<Timestamp>,
        starts_at -> Nullable<Timestamp>,
        ends_at -> Nullable<Timestamp>,
        title -> Nullable<Text>,
        description -> Nullable<Text>,
        sequence -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    participants (id) {
        id -> Text,
        meeting_id -> Text,
        email -> Text,
        display_name -> Nullable<Text>,
        role -> Text,
        locale -> Text,
        user_id -> Nullable<Text>,
        is_organizer -> Bool,
        link_version -> Integer,
        join_token_hash -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        sequence -> Integer,
        reminded_for -> Nullable<Timestamp>,
        meeting_starts_at -> Timestamp,
        meeting_ends_at -> Timestamp,
        in_series -> Bool,
    }
}

diesel::table! {
    outbox_jobs (id) {
        id -> Text,
        kind -> Text,
        payload -> Text,
        state -> Text,
        attempts -> Integer,
        run_at -> Timestamp,
        locked_by -> Nullable<Text>,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
        subject_id -> Nullable<Text>,
        subject_part -> Nullable<Text>,
    }
}

diesel::table! {
    responses (participant_id, recurrence_id) {
        participant_id -> Text,
        recurrence_id -> Text,
        partstat -> Text,
        comment -> Nullable<Text>,
        answered_at -> Timestamp,
        via -> Text,
        sequence -> Integer,
    }
}

diesel::table! {
    counter_proposals (id) {
        id -> Text,
        participant_id -> Text,
        recurrence_id -> Text,
        starts_at -> Nullable<Timestamp>,
        ends_at -> Nullable<Timestamp>,
        comment -> Nullable<Text>,
        message_id -> Text,
        received_at -> Timestamp,
    }
}

diesel::table! {
    calendar_feeds (user_id) {
        user_id -> Text,
        version -> Integer,
        token_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    polls (id) {
        id -> Text,
        organizer_id -> Text,
        title -> Text,
        description -> Text,
        time_zone -> Text,
        public_link -> Bool,
        public_token_hash -> Text,
        show_answers -> Bool,
        deadline -> Nullable<Timestamp>,
        reminder_hours -> Nullable<Integer>,
        reminded_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        chosen_proposal_id -> Nullable<Text>,
        meeting_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    poll_proposals (id) {
        id -> Text,
        poll_id -> Text,
        position -> Integer,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
    }
}

diesel::table! {
    poll_participants (id) {
        id -> Text,
        poll_id -> Text,
        email -> Nullable<Text>,
        display_name -> Nullable<Text>,
        locale -> Text,
        user_id -> Nullable<Text>,
        guest -> Bool,
        token_hash -> Text,
        answered_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    poll_answers (participant_id, proposal_id) {
        participant_id -> Text,
        proposal_id -> Text,
        answer -> Text,
    }
}

diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(users -> organisations (organisation_id));
diesel::joinable!(organisation_domains -> organisations (organisation_id));
diesel::joinable!(organisation_branding -> organisations (organisation_id));
diesel::joinable!(jitsi_server_organisations -> organisations (organisation_id));
diesel::joinable!(jitsi_server_organisations -> jitsi_servers (server_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(idempotency_keys -> users (user_id));
diesel::joinable!(meetings -> users (organizer_id));
diesel::joinable!(meetings -> jitsi_servers (jitsi_server_id));
diesel::joinable!(participants -> meetings (meeting_id));
diesel::joinable!(meeting_exceptions -> meetings (meeting_id));
diesel::joinable!(participants -> users (user_id));
diesel::joinable!(lobby_entries -> participants (participant_id));
diesel::joinable!(responses -> participants (participant_id));
diesel::joinable!(counter_proposals -> participants (participant_id));
diesel::joinable!(calendar_feeds -> users (user_id));
diesel::joinable!(polls -> users (organizer_id));
diesel::joinable!(poll_proposals -> polls (poll_id));
diesel::joinable!(poll_participants -> polls (poll_id));
diesel::joinable!(poll_answers -> poll_participants (participant_id));
diesel::joinable!(poll_answers -> poll_proposals (proposal_id));
diesel::joinable!(jitsi_server_hooks -> jitsi_servers (server_id));
diesel::joinable!(room_stays -> meetings (meeting_id));
diesel::joinable!(room_stays -> participants (participant_id));
diesel::joinable!(jitsi_reservations -> meetings (meeting_id));
diesel::joinable!(jitsi_reservations -> jitsi_servers (server_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    maintenance_runs,
    organisations,
    organisation_branding,
    organisation_domains,
    jitsi_server_organisations,
    api_tokens,
    setup_tokens,
    sessions,
    attempt_counts,
    idempotency_keys,
    lobby_entries,
    audit_events,
    jitsi_servers,
    meetings,
    meeting_exceptions,
    participants,
    responses,
    counter_proposals,
    calendar_feeds,
    polls,
    poll_proposals,
    poll_participants,
    poll_answers,
    jitsi_server_hooks,
    room_stays,
    jitsi_reservations,
    outbox_jobs
);
