DROP TABLE organisation_branding;
