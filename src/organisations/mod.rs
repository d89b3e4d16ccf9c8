//! Organisations: the cities and authorities sharing one installation. Every account belongs to
//! one; each has its own administrators, Jitsi servers and sign-in button.

mod branding;
mod branding_queries;
mod input;
mod model;
mod placement;
mod queries;
mod scope;
mod service;

pub use branding::{
    Branding, BrandingChange, BrandingFields, BrandingInput, MAX_TEXT_CHARS, accent_stylesheet,
    branding_of, change_branding, last_branding_change, logo_of_version,
};
pub use input::{OrganisationFields, OrganisationInput};
pub use model::{FIRST_ORGANISATION_ID, Organisation, OrganisationListing};
pub use placement::{organisation_by_claim, organisation_for_address};
pub use scope::Scope;
pub use service::{
    DEFAULT_ORGANISATION_NAME, SignInButton, add_organisation, all_server_organisations,
    default_organisation_id, find_organisation, idp_hint_of, list_organisations, manages_server,
    may_manage_server, move_account, name_first_organisation, offer_server, organisation_by_slug,
    organisation_listings, organisation_of_user, server_organisations, server_visible,
    set_default_server, set_organisation_admin, sign_in_buttons, update_organisation,
};
