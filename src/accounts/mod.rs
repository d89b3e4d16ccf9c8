//! Staff accounts: who may plan meetings, how they sign in, and their API tokens.
//! Invitees never need an account.

mod admin;
mod api_tokens;
mod calendar_feed;
mod federated;
mod hashing;
mod model;
mod oidc;
mod password;
mod privacy;
mod queries;
mod secret_token;
mod sessions;
mod settings;
mod setup;
mod sign_in;
mod user;

pub use admin::{AccountChange, change_account, create_account, list_users_in};
pub use api_tokens::{
    IssuedToken, authenticate_api_token, create_api_token, list_api_tokens, revoke_all_api_tokens,
    revoke_api_token,
};
pub use calendar_feed::{
    FEED_PATH, FEED_TOKEN_LEN, FeedAddress, FeedLinks, calendar_feed, rotate_calendar_feed,
    user_by_calendar_feed,
};
pub use federated::{FederatedIdentity, FederatedRefusal, sign_in_federated};
pub use model::{ApiToken, CalendarFeed, User};
pub use oidc::{CALLBACK_PATH, OidcFailure, OidcProvider, PendingSignIn};
pub use password::{hash_password, verify_password};
pub use privacy::{account_export, delete_account};
pub use secret_token::{random_token, token_hash};
pub use sessions::{end_all_sessions, end_session, start_session, user_of_session};
pub use settings::{
    Profile, change_password, claim_reply_digest, set_locale, set_password, set_reply_digest,
    update_profile,
};
pub use setup::{complete_setup, issue_setup_token, setup_token_is_valid};
pub use sign_in::{SignInGuard, SignInRefused, record_sign_out, sign_in_with_password};
pub use user::{
    AccountInput, NewAccount, add_user, find_user, find_user_by_email, has_password, list_users,
};
