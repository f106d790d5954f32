"""The server's schema as numbered migrations, like the library's: each entry is one
version, applied once in its own transaction and recorded in ``vk_meta``.

Roles are PostgreSQL roles, so the database itself refuses what a role may not do even
if the service had a bug: the service connects as an administrator-owned login and runs
every request under ``SET LOCAL ROLE valuekit_<role>`` with ``valuekit.user`` set to the
token's user. Table owners bypass row-level security; the team roles own nothing.

- ``vk_rows``: every synced row (the library: vocabulary, FAB statements, assets; and
  the shared-account family), its server
  version from one sequence, tombstones for deletions, who owns and last wrote it.
- ``vk_events``: usage and ratings, append-only, keyed by the client's UUID.
- ``vk_blobs``: which attachment files (by SHA-256) the blob folder holds.
- ``vk_revocations`` (``_V3``): a teammate an account's owner stopped sharing it with, so
  that teammate's laptop learns to remove it (row-level security hides the account itself).
"""

from __future__ import annotations

ROLES = ("marketing", "presales", "sales")
# One key for pg_advisory_xact_lock: every transaction that takes a version number holds
# it until it commits, so version order is commit order (see rows.py).
VERSION_LOCK = 0x766B_7379
TEAM = "valuekit_team"
_V1_KINDS = ("asset", "opportunity", "roi_case", "pitch", "spin_answer")
# Team-wide: everyone reads them, no account. Kinds with a status (draft / verified /
# retired) are curated like assets.
LIBRARY_KINDS = ("facet", "fab", "asset")
STATUS_KINDS = ("asset", "fab")
ACCOUNT_KINDS = ("opportunity", "spin_plan_item", "spin_answer", "roi_case", "pitch",
                 "opportunity_stage", "opportunity_move", "account_tier", "value_plan",
                 "value_milestone", "value_actual", "value_contact", "value_nps", "value_story")
KINDS = (*LIBRARY_KINDS, *ACCOUNT_KINDS)


def role_name(role: str) -> str:
    return f"valuekit_{role}"


_ROLES_SQL = f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{TEAM}') THEN
    CREATE ROLE {TEAM} NOLOGIN;
  END IF;
  {' '.join(f"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role_name(r)}') THEN CREATE ROLE {role_name(r)} NOLOGIN IN ROLE {TEAM}; END IF;" for r in ROLES)}
END $$;
"""

_V1 = f"""
CREATE TABLE vk_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE SEQUENCE vk_version;
CREATE TABLE vk_users (
    name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9._@-]{{1,64}}$'),
    role text NOT NULL CHECK (role IN ({', '.join(repr(r) for r in ROLES)})),
    token_hash text NOT NULL UNIQUE,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE vk_rows (
    kind text NOT NULL CHECK (kind IN ({', '.join(repr(k) for k in _V1_KINDS)})),
    id text NOT NULL,
    version bigint NOT NULL,
    data jsonb,
    deleted boolean NOT NULL DEFAULT false,
    status text CHECK (status IS NULL OR status IN ('draft', 'verified', 'retired')),
    owner text NOT NULL,
    modified_by text NOT NULL,
    account text,
    members text[] NOT NULL DEFAULT '{{}}',
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, id),
    CHECK ((kind = 'asset') = (status IS NOT NULL)),
    CHECK ((kind = 'asset') = (account IS NULL)),
    CHECK (deleted OR data IS NOT NULL)
);
CREATE UNIQUE INDEX vk_rows_version ON vk_rows(version);
CREATE INDEX vk_rows_account ON vk_rows(account) WHERE account IS NOT NULL;
CREATE TABLE vk_events (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('usage', 'rating')),
    asset_id text NOT NULL,
    who text NOT NULL,
    data jsonb NOT NULL,
    version bigint NOT NULL UNIQUE,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vk_events_asset ON vk_events(asset_id);
CREATE TABLE vk_blobs (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{{64}}$'),
    size bigint NOT NULL CHECK (size >= 0),
    uploaded_by text NOT NULL,
    uploaded_at timestamptz NOT NULL DEFAULT now()
);
-- Team-wide usage and ratings per asset, for reports on the server side.
CREATE VIEW vk_usage_totals AS
    SELECT asset_id,
           count(*) FILTER (WHERE kind = 'usage') AS uses,
           count(*) FILTER (WHERE kind = 'rating') AS ratings,
           avg((data->>'score')::numeric) FILTER (WHERE kind = 'rating') AS mean_score
    FROM vk_events GROUP BY asset_id;

CREATE FUNCTION vk_me() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT coalesce(current_setting('valuekit.user', true), '') $$;

-- May the current user see the account (opportunity) ``acc``? Runs as the schema owner
-- (who bypasses row-level security) so the policies below can ask it without recursion.
CREATE FUNCTION vk_account_visible(acc text) RETURNS boolean LANGUAGE sql STABLE
    SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM vk_rows WHERE kind = 'opportunity' AND id = acc
                         AND (owner = vk_me() OR vk_me() = ANY(members))) $$;

-- Only an opportunity's owner changes whom it is shared with.
CREATE FUNCTION vk_guard_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.members IS DISTINCT FROM OLD.members AND OLD.owner <> vk_me() THEN
    RAISE EXCEPTION 'only the owner % may change whom this account is shared with', OLD.owner
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER vk_rows_members BEFORE UPDATE ON vk_rows
    FOR EACH ROW EXECUTE FUNCTION vk_guard_members();

-- A new team member must receive the rows of an account shared with them, though those
-- rows' versions are older than their cursor: re-stamp them. Only the owner may.
CREATE FUNCTION vk_restamp_account(acc text) RETURNS integer LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE n integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM vk_rows WHERE kind = 'opportunity' AND id = acc
                 AND owner = vk_me()) THEN
    RAISE EXCEPTION 'only the owner may share account %', acc
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE vk_rows SET version = nextval('vk_version')
      WHERE account = acc AND kind <> 'opportunity';
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

ALTER TABLE vk_rows ENABLE ROW LEVEL SECURITY;
ALTER TABLE vk_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE vk_blobs ENABLE ROW LEVEL SECURITY;

GRANT SELECT, INSERT ON vk_rows TO {TEAM};
-- never DELETE (deletions are tombstones); owner, kind, id and account never change
GRANT UPDATE (version, data, deleted, status, modified_by, members, updated_at)
    ON vk_rows TO {TEAM};
GRANT SELECT, INSERT ON vk_events, vk_blobs TO {TEAM};
GRANT USAGE ON SEQUENCE vk_version TO {TEAM};
GRANT SELECT ON vk_usage_totals TO {TEAM};
GRANT EXECUTE ON FUNCTION vk_restamp_account(text) TO {TEAM};
REVOKE ALL ON vk_users, vk_meta FROM PUBLIC;
GRANT SELECT ON vk_meta TO {TEAM};

-- The library: everyone reads every asset.
CREATE POLICY assets_read ON vk_rows FOR SELECT TO {TEAM} USING (kind = 'asset');
-- Marketing creates, edits, verifies and retires, always as itself.
CREATE POLICY assets_marketing_add ON vk_rows FOR INSERT TO valuekit_marketing
    WITH CHECK (kind = 'asset' AND owner = vk_me() AND modified_by = vk_me());
CREATE POLICY assets_marketing_edit ON vk_rows FOR UPDATE TO valuekit_marketing
    USING (kind = 'asset') WITH CHECK (kind = 'asset' AND modified_by = vk_me());
-- Sales and presales add drafts and edit (or delete) their own drafts only.
CREATE POLICY assets_field_add ON vk_rows FOR INSERT TO valuekit_sales, valuekit_presales
    WITH CHECK (kind = 'asset' AND status = 'draft' AND owner = vk_me()
                AND modified_by = vk_me());
CREATE POLICY assets_field_edit ON vk_rows FOR UPDATE TO valuekit_sales, valuekit_presales
    USING (kind = 'asset' AND owner = vk_me() AND status = 'draft')
    WITH CHECK (kind = 'asset' AND owner = vk_me() AND status = 'draft'
                AND modified_by = vk_me());
-- Accounts: private to the owner unless shared with named teammates.
CREATE POLICY account_read ON vk_rows FOR SELECT TO {TEAM}
    USING (kind = 'opportunity' AND (owner = vk_me() OR vk_me() = ANY(members))
           OR kind NOT IN ('asset', 'opportunity') AND vk_account_visible(account));
CREATE POLICY account_add ON vk_rows FOR INSERT TO {TEAM}
    WITH CHECK (kind <> 'asset' AND owner = vk_me() AND modified_by = vk_me()
                AND (kind = 'opportunity' AND account = id
                     OR kind <> 'opportunity' AND vk_account_visible(account)));
CREATE POLICY account_edit ON vk_rows FOR UPDATE TO {TEAM}
    USING (kind = 'opportunity' AND (owner = vk_me() OR vk_me() = ANY(members))
           OR kind NOT IN ('asset', 'opportunity') AND vk_account_visible(account))
    WITH CHECK (kind <> 'asset' AND modified_by = vk_me());
-- Events: everyone reads the team's usage; each writes only their own.
CREATE POLICY events_read ON vk_events FOR SELECT TO {TEAM} USING (true);
CREATE POLICY events_add ON vk_events FOR INSERT TO {TEAM} WITH CHECK (who = vk_me());
CREATE POLICY blobs_read ON vk_blobs FOR SELECT TO {TEAM} USING (true);
CREATE POLICY blobs_add ON vk_blobs FOR INSERT TO {TEAM} WITH CHECK (uploaded_by = vk_me());
INSERT INTO vk_meta VALUES ('min_cursor', '0');
"""

def _sql_list(items: tuple[str, ...]) -> str:
    return ", ".join(repr(i) for i in items)


# The rest of a shared account and the team library's vocabulary and FAB statements.
# The account policies of _V1 cover every kind but 'asset' and 'opportunity' through
# vk_account_visible(account); a library kind has no account, so their USING never
# admits one. But PostgreSQL checks an UPDATE's new row against the WITH CHECK of *any*
# permissive policy, so account_edit's "kind <> 'asset'" would let a FAB row a field
# role may update (its own draft) come out verified: account_edit and account_add now
# name the account kinds.
_V2 = f"""
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'vk_rows'::regclass
           AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%kind%' LOOP
    EXECUTE format('ALTER TABLE vk_rows DROP CONSTRAINT %I', c.conname);
  END LOOP;
END $$;
ALTER TABLE vk_rows ADD CONSTRAINT vk_rows_kind CHECK (kind IN ({_sql_list(KINDS)}));
ALTER TABLE vk_rows ADD CONSTRAINT vk_rows_status_kind
    CHECK ((kind IN ({_sql_list(STATUS_KINDS)})) = (status IS NOT NULL));
ALTER TABLE vk_rows ADD CONSTRAINT vk_rows_account_kind
    CHECK ((kind IN ({_sql_list(LIBRARY_KINDS)})) = (account IS NULL));

DROP POLICY account_add ON vk_rows;
DROP POLICY account_edit ON vk_rows;
CREATE POLICY account_add ON vk_rows FOR INSERT TO {TEAM}
    WITH CHECK (kind IN ({_sql_list(ACCOUNT_KINDS)}) AND owner = vk_me() AND modified_by = vk_me()
                AND (kind = 'opportunity' AND account = id
                     OR kind <> 'opportunity' AND vk_account_visible(account)));
CREATE POLICY account_edit ON vk_rows FOR UPDATE TO {TEAM}
    USING (kind = 'opportunity' AND (owner = vk_me() OR vk_me() = ANY(members))
           OR kind IN ({_sql_list(ACCOUNT_KINDS)}) AND kind <> 'opportunity'
              AND vk_account_visible(account))
    WITH CHECK (kind IN ({_sql_list(ACCOUNT_KINDS)}) AND modified_by = vk_me());

-- The vocabulary and FAB statements: read by everyone; FABs curated like assets.
CREATE POLICY library_read ON vk_rows FOR SELECT TO {TEAM} USING (kind IN ('fab', 'facet'));
CREATE POLICY fabs_marketing_add ON vk_rows FOR INSERT TO valuekit_marketing
    WITH CHECK (kind = 'fab' AND owner = vk_me() AND modified_by = vk_me());
CREATE POLICY fabs_marketing_edit ON vk_rows FOR UPDATE TO valuekit_marketing
    USING (kind = 'fab') WITH CHECK (kind = 'fab' AND modified_by = vk_me());
CREATE POLICY fabs_field_add ON vk_rows FOR INSERT TO valuekit_sales, valuekit_presales
    WITH CHECK (kind = 'fab' AND status = 'draft' AND owner = vk_me()
                AND modified_by = vk_me());
CREATE POLICY fabs_field_edit ON vk_rows FOR UPDATE TO valuekit_sales, valuekit_presales
    USING (kind = 'fab' AND owner = vk_me() AND status = 'draft')
    WITH CHECK (kind = 'fab' AND owner = vk_me() AND status = 'draft'
                AND modified_by = vk_me());
-- The vocabulary: only marketing writes it (library_read lets everyone read it).
CREATE POLICY facets_marketing_add ON vk_rows FOR INSERT TO valuekit_marketing
    WITH CHECK (kind = 'facet' AND owner = vk_me() AND modified_by = vk_me());
CREATE POLICY facets_marketing_edit ON vk_rows FOR UPDATE TO valuekit_marketing
    USING (kind = 'facet') WITH CHECK (kind = 'facet' AND modified_by = vk_me());
"""

# Unsharing: when an opportunity's members shrink, each removed teammate gets a revocation
# with a version from the same sequence under the same lock, so it sits in the ordered
# stream of /changes like a row. Only that teammate reads it. One row per (account,
# member): a later unshare after a re-share moves it to a new version. A deleted
# opportunity keeps its members, so they all receive the tombstone (not a revocation).
# Written without reference to _V2, so it applies the same whatever _V2 adds.
_V3 = f"""
CREATE TABLE vk_revocations (
    account text NOT NULL,
    member text NOT NULL,
    revoked_by text NOT NULL,
    version bigint NOT NULL UNIQUE,
    revoked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account, member)
);

CREATE FUNCTION vk_keep_audience() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.deleted AND NOT OLD.deleted THEN
    NEW.members := OLD.members;
  END IF;
  RETURN NEW;
END $$;
-- named to run before vk_rows_members (triggers fire in name order)
CREATE TRIGGER vk_rows_audience BEFORE UPDATE ON vk_rows
    FOR EACH ROW WHEN (NEW.kind = 'opportunity') EXECUTE FUNCTION vk_keep_audience();

CREATE FUNCTION vk_note_revocations() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE gone text;
BEGIN
  -- the push holds this lock already (re-entrant); direct SQL gets the same ordering
  PERFORM pg_advisory_xact_lock({VERSION_LOCK});
  FOR gone IN SELECT unnest(OLD.members) EXCEPT SELECT unnest(NEW.members) LOOP
    CONTINUE WHEN gone = NEW.owner;
    INSERT INTO vk_revocations(account, member, revoked_by, version)
        VALUES (NEW.id, gone, vk_me(), nextval('vk_version'))
        ON CONFLICT (account, member) DO UPDATE
        SET version = excluded.version, revoked_by = excluded.revoked_by, revoked_at = now();
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER vk_rows_revocations AFTER UPDATE OF members ON vk_rows
    FOR EACH ROW WHEN (NEW.kind = 'opportunity' AND NOT (OLD.members <@ NEW.members))
    EXECUTE FUNCTION vk_note_revocations();

ALTER TABLE vk_revocations ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON vk_revocations TO {TEAM};
CREATE POLICY revocations_read ON vk_revocations FOR SELECT TO {TEAM}
    USING (member = vk_me());
"""

# Never edit a shipped migration: append a new one.
# Team-wide usage and ratings of FAB and SPIN claims (sales/claims.py), beside the assets':
# the same append-only, UUID-keyed events; ``asset_id`` then names the claim ("fab/<id>").
_V4 = """
ALTER TABLE vk_events DROP CONSTRAINT vk_events_kind_check;
ALTER TABLE vk_events ADD CONSTRAINT vk_events_kind_check
    CHECK (kind IN ('usage', 'rating', 'claim_usage', 'claim_rating'));
CREATE OR REPLACE VIEW vk_usage_totals AS
    SELECT asset_id,
           count(*) FILTER (WHERE kind = 'usage') AS uses,
           count(*) FILTER (WHERE kind = 'rating') AS ratings,
           avg((data->>'score')::numeric) FILTER (WHERE kind = 'rating') AS mean_score
    FROM vk_events WHERE kind IN ('usage', 'rating') GROUP BY asset_id;
"""

MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4]
# the schema version from which vk_revocations exists
REVOCATIONS_SINCE = MIGRATIONS.index(_V3) + 1
