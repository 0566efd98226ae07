/* The route table: every URL Ruche answers, with the flags the pipeline
 * enforces before the handler runs. */
#include "api/handlers.h"
#include "http/assets.h"
#include "http/router.h"
#include "web/pages.h"

const struct route routes[] = {
    /* operations and assets */
    {M_GET, "/healthz", web_healthz, NO_LOG},
    {M_GET, "/metrics", web_metrics, NO_LOG},
    {M_GET, "/assets/{}", assets_serve, NO_LOG},
    /* account */
    {M_GET, "/login", web_login_page, 0},
    {M_POST, "/login", web_login, MUTATES},
    {M_POST, "/logout", web_logout, MUTATES | NEED_LOGIN},
    {M_POST, "/lang", web_set_language, MUTATES},
    {M_GET, "/settings/password", web_password_page, NEED_LOGIN},
    {M_POST, "/settings/password", web_password_change, NEED_LOGIN | MUTATES},
    {M_GET, "/invite/{}", web_invite_page, 0},
    {M_POST, "/invite/{}", web_invite_accept, MUTATES},
    /* people */
    {M_GET, "/", web_home, NEED_LOGIN},
    {M_GET, "/people", web_directory, NEED_LOGIN | INTERNAL},
    {M_GET, "/org", web_org_chart, NEED_LOGIN | INTERNAL},
    {M_GET, "/people/{}", web_profile, NEED_LOGIN},
    {M_GET, "/people/{}/edit", web_profile_edit_page, NEED_LOGIN},
    {M_POST, "/people/{}/edit", web_profile_edit, NEED_LOGIN | MUTATES},
    {M_GET, "/people/{}/photo", web_photo, NEED_LOGIN},
    {M_POST, "/people/{}/photo", web_photo_upload, NEED_LOGIN | MUTATES | UPLOAD},
    {M_POST, "/people/{}/photo/delete", web_photo_delete, NEED_LOGIN | MUTATES},
    {M_POST, "/people/{}/account", web_account_update, NEED_LOGIN | MUTATES | ADMIN},
    /* administration */
    {M_GET, "/admin/invitations", web_invitations, NEED_LOGIN | ADMIN},
    {M_POST, "/admin/invitations", web_invite_create, NEED_LOGIN | ADMIN | MUTATES},
    {M_POST, "/admin/invitations/{}/revoke", web_invite_revoke, NEED_LOGIN | ADMIN | MUTATES},
    /* API */
    {M_GET, "/api/v1/openapi.json", api_openapi, JSON},
    {M_GET, "/api/v1/me", api_me, JSON | NEED_LOGIN},
    {M_GET, "/api/v1/people", api_people_list, JSON | NEED_LOGIN | INTERNAL},
    {M_GET, "/api/v1/people/{}", api_person_get, JSON | NEED_LOGIN},
    {M_PATCH, "/api/v1/people/{}", api_person_patch, JSON | NEED_LOGIN | MUTATES},
};

const int routes_count = sizeof routes / sizeof routes[0];
