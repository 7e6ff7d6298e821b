//! WebAuthn data formats a page or a server reads: authenticator data, attestation objects,
//! COSE keys and client data (W3C Web Authentication Level 3), over a small CBOR decoder.

pub mod attestation;
pub mod authenticator_data;
pub mod cbor;
pub mod client_data;
pub mod cose;

pub use attestation::AttestationObject;
pub use authenticator_data::{AttestedCredential, AuthenticatorData, Flags, format_aaguid};
pub use client_data::ClientData;
pub use cose::CoseKey;
