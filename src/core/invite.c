/* Invitations: an admin invites an e-mail address; the single-use link
 * (token stored hashed) lets the invitee choose a name and a password. */
#include <string.h>

#include "core/auth.h"
#include "core/policy.h"
#include "db/db.h"
#include "jobs/mail.h"
#include "lib/i18n.h"
#include "lib/text.h"

int invite_create(struct db *db, struct arena *a, const struct person *actor, const char *email, const char *role,
                  char token[TOKEN_CHARS + 1], struct err *e) {
    if (!policy_allows(actor, ACT_INVITE, NULL)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    email = text_lower(a, text_trim(a, email ? email : ""));
    if (!text_is_email(email)) return err_fail(e, ERR_INVALID, "email", N_("Enter a valid e-mail address."));
    enum role r;
    if (role_parse(role ? role : "employee", &r)) return err_fail(e, ERR_INVALID, "role", N_("The role is admin, employee or external."));
    if (people_by_email(db, a, email))
        return err_fail(e, ERR_CONFLICT, "email", N_("An account with this e-mail address already exists."));
    char hash[TOKEN_HASH_CHARS + 1];
    token_new(token);
    token_hash(token, hash);
    int64_t now = db_now();
    struct db_stmt *st = db_prep(db,
                                 "INSERT INTO invitations (token_hash, email, role, invited_by, created_at, expires_at)"
                                 " VALUES ($1, $2, $3, $4, $5, $6)");
    db_bind_text(st, 1, hash);
    db_bind_text(st, 2, email);
    db_bind_text(st, 3, role_name(r));
    db_bind_int(st, 4, actor->id);
    db_bind_int(st, 5, now);
    db_bind_int(st, 6, now + INVITE_DAYS * 86400);
    return db_run(st) == DB_DONE ? 0 : err_fail(e, ERR_INTERNAL, NULL, N_("The invitation could not be saved."));
}

#define INVITE_COLS \
    "i.id, i.email, i.role, i.created_at, i.expires_at, i.accepted_at, coalesce(p.name, '')"

static struct invitation *read_invite(struct arena *a, struct db_stmt *st) {
    struct invitation *inv = arena_alloc(a, sizeof *inv);
    inv->id = db_col_int(st, 0);
    inv->email = arena_strdup(a, db_col_text(st, 1));
    enum role r = ROLE_EMPLOYEE;
    role_parse(db_col_text(st, 2), &r);
    inv->role = r;
    inv->created_at = db_col_int(st, 3);
    inv->expires_at = db_col_int(st, 4);
    inv->accepted_at = db_col_int(st, 5);
    inv->invited_by_name = arena_strdup(a, db_col_text(st, 6));
    return inv;
}

struct invitation *invite_find(struct db *db, struct arena *a, const char *token) {
    if (!token || strlen(token) != TOKEN_CHARS) return NULL;
    char hash[TOKEN_HASH_CHARS + 1];
    token_hash(token, hash);
    struct db_stmt *st = db_prep(db, "SELECT " INVITE_COLS " FROM invitations i LEFT JOIN people p ON p.id = i.invited_by"
                                     " WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > $2");
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, db_now());
    struct invitation *inv = db_step(st) == DB_ROW ? read_invite(a, st) : NULL;
    db_done(st);
    return inv;
}

int invite_accept(struct db *db, struct arena *a, const char *token, const char *name, const char *password,
                  int64_t *person_id, struct err *e) {
    struct invitation *inv = invite_find(db, a, token);
    if (!inv) return err_fail(e, ERR_NOT_FOUND, NULL, N_("This invitation link is invalid, used or expired."));
    int rc = people_create(db, a, inv->email, name ? name : "", inv->role, password ? password : "", person_id, e);
    if (rc) return rc;
    /* Mark it used only if still unused: a second concurrent use fails. */
    struct db_stmt *st = db_prep(db, "UPDATE invitations SET accepted_at = $2, person_id = $3"
                                     " WHERE id = $1 AND accepted_at IS NULL");
    db_bind_int(st, 1, inv->id);
    db_bind_int(st, 2, db_now());
    db_bind_int(st, 3, *person_id);
    db_run(st);
    return 0;
}

int invite_list(struct db *db, struct arena *a, const struct person *actor, struct invitation ***out, int *n) {
    *out = NULL;
    *n = 0;
    if (!policy_allows(actor, ACT_INVITE, NULL)) return ERR_NOT_FOUND;
    struct db_stmt *st = db_prep(db, "SELECT " INVITE_COLS " FROM invitations i LEFT JOIN people p ON p.id = i.invited_by"
                                     " WHERE i.accepted_at IS NULL AND i.expires_at > $1 ORDER BY i.id DESC LIMIT 200");
    db_bind_int(st, 1, db_now());
    struct invitation **list = arena_alloc(a, sizeof *list * 200);
    int count = 0;
    while (count < 200 && db_step(st) == DB_ROW) list[count++] = read_invite(a, st);
    db_done(st);
    *out = list;
    *n = count;
    return 0;
}

int invite_revoke(struct db *db, const struct person *actor, int64_t id, struct err *e) {
    if (!policy_allows(actor, ACT_INVITE, NULL)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    struct db_stmt *st = db_prep(db, "DELETE FROM invitations WHERE id = $1 AND accepted_at IS NULL");
    db_bind_int(st, 1, id);
    db_run(st);
    return db_changes(db) ? 0 : err_fail(e, ERR_NOT_FOUND, NULL, N_("No such invitation."));
}

int invite_mail(struct db *db, struct arena *a, const struct person *inviter, const char *email, const char *link,
                enum lang l) {
    email = text_lower(a, text_trim(a, email ? email : ""));
    const char *body =
        arena_printf(a, "%s,\n\n%s %s.\n%s\n\n%s\n\n%s\n", i18n_get(l, N_("Hello")), inviter->name,
                     i18n_get(l, N_("invites you to join Ruche, the social network of your organisation")),
                     i18n_get(l, N_("To choose your name and password, open this link within 7 days:")), link,
                     i18n_get(l, N_("The link works once. If you do not know the sender, ignore this message.")));
    if (mail_enqueue(db, email, i18n_get(l, N_("You are invited to Ruche")), body)) return -1;
    jobs_wake();
    return 0;
}
