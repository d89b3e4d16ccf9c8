-- Whether the account's address is vouched for: set by administrators, the command line and
-- the first-run setup (true), or by the single sign-on provider's `email_verified` claim.
-- Only a verified address claims invitations sent to it and the rights they carry.
-- Accounts that exist already keep today's behaviour (their address was trusted so far).
ALTER TABLE users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT TRUE;
