/* The route table: every URL Ruche answers, with the flags the pipeline
 * enforces before the handler runs. */
#include "api/handlers.h"
#include "http/assets.h"
#include "http/events.h"
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
    /* social */
    {M_GET, "/company", web_company, NEED_LOGIN | INTERNAL},
    {M_GET, "/tags/{}", web_tag, NEED_LOGIN},
    {M_GET, "/fragments/stream", web_stream_fragment, NEED_LOGIN | NO_LOG},
    {M_POST, "/items", web_item_create, NEED_LOGIN | MUTATES},
    {M_GET, "/items/{}", web_item, NEED_LOGIN},
    {M_GET, "/items/{}/edit", web_item_edit_page, NEED_LOGIN},
    {M_POST, "/items/{}/edit", web_item_edit, NEED_LOGIN | MUTATES},
    {M_POST, "/items/{}/delete", web_item_delete, NEED_LOGIN | MUTATES},
    {M_POST, "/items/{}/like", web_item_like, NEED_LOGIN | MUTATES},
    {M_GET, "/items/{}/likes", web_item_likes, NEED_LOGIN},
    {M_POST, "/items/{}/comments", web_comment_create, NEED_LOGIN | MUTATES},
    {M_GET, "/comments/{}/edit", web_comment_edit_page, NEED_LOGIN},
    {M_POST, "/comments/{}/edit", web_comment_edit, NEED_LOGIN | MUTATES},
    {M_POST, "/comments/{}/delete", web_comment_delete, NEED_LOGIN | MUTATES},
    {M_POST, "/comments/{}/like", web_comment_like, NEED_LOGIN | MUTATES},
    {M_POST, "/people/{}/follow", web_follow, NEED_LOGIN | MUTATES},
    {M_GET, "/people/{}/followers", web_followers, NEED_LOGIN},
    {M_GET, "/people/{}/following", web_following, NEED_LOGIN},
    {M_GET, "/notifications", web_notifications, NEED_LOGIN},
    {M_POST, "/notifications/read", web_notifications_read, NEED_LOGIN | MUTATES},
    {M_GET, "/settings/notifications", web_notification_prefs, NEED_LOGIN},
    {M_POST, "/settings/notifications", web_notification_prefs_save, NEED_LOGIN | MUTATES},
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
    {M_GET, "/api/v1/people/{}/stream", api_stream_person, JSON | NEED_LOGIN},
    {M_PUT, "/api/v1/people/{}/follow", api_follow, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/people/{}/follow", api_unfollow, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/people/{}/followers", api_followers, JSON | NEED_LOGIN},
    {M_GET, "/api/v1/people/{}/following", api_following, JSON | NEED_LOGIN},
    {M_POST, "/api/v1/items", api_item_create, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/items/{}", api_item_get, JSON | NEED_LOGIN},
    {M_PATCH, "/api/v1/items/{}", api_item_patch, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/items/{}", api_item_delete, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/items/{}/comments", api_comments_list, JSON | NEED_LOGIN},
    {M_POST, "/api/v1/items/{}/comments", api_comment_create, JSON | NEED_LOGIN | MUTATES},
    {M_PUT, "/api/v1/items/{}/like", api_item_like, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/items/{}/like", api_item_unlike, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/items/{}/likes", api_item_likes, JSON | NEED_LOGIN},
    {M_PATCH, "/api/v1/comments/{}", api_comment_patch, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/comments/{}", api_comment_delete, JSON | NEED_LOGIN | MUTATES},
    {M_PUT, "/api/v1/comments/{}/like", api_comment_like, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/comments/{}/like", api_comment_unlike, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/stream/home", api_stream_home, JSON | NEED_LOGIN},
    {M_GET, "/api/v1/stream/company", api_stream_company, JSON | NEED_LOGIN | INTERNAL},
    {M_GET, "/api/v1/tags/{}/stream", api_stream_tag, JSON | NEED_LOGIN},
    {M_GET, "/api/v1/notifications", api_notifications, JSON | NEED_LOGIN},
    {M_POST, "/api/v1/notifications/read", api_notifications_read, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/events", events_handler, JSON | NEED_LOGIN | NO_LOG},
};

const int routes_count = sizeof routes / sizeof routes[0];
