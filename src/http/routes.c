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
    /* password reset (web/reset.c) */
    {M_GET, "/password/forgot", web_forgot_page, 0},
    {M_POST, "/password/forgot", web_forgot, MUTATES},
    {M_GET, "/reset/{}", web_reset_page, 0},
    {M_POST, "/reset/{}", web_reset, MUTATES},
    {M_POST, "/people/{}/reset-link", web_reset_link, NEED_LOGIN | MUTATES | ADMIN},
    /* people */
    {M_GET, "/", web_home, NEED_LOGIN},
    {M_GET, "/people", web_directory, NEED_LOGIN | INTERNAL},
    {M_GET, "/org", web_org_chart, NEED_LOGIN | INTERNAL},
    {M_GET, "/people/{}", web_profile, NEED_LOGIN},
    {M_GET, "/people/{}/edit", web_profile_edit_page, NEED_LOGIN},
    {M_GET, "/people/{}/content", web_person_content, NEED_LOGIN},
    {M_POST, "/people/{}/edit", web_profile_edit, NEED_LOGIN | MUTATES},
    {M_GET, "/people/{}/photo", web_photo, NEED_LOGIN},
    {M_POST, "/people/{}/photo", web_photo_upload, NEED_LOGIN | MUTATES | UPLOAD},
    {M_POST, "/people/{}/photo/delete", web_photo_delete, NEED_LOGIN | MUTATES},
    {M_POST, "/people/{}/account", web_account_update, NEED_LOGIN | MUTATES | ADMIN},
    /* social */
    {M_GET, "/company", web_company, NEED_LOGIN | INTERNAL},
    {M_GET, "/tags/{}", web_tag, NEED_LOGIN},
    {M_GET, "/fragments/stream", web_stream_fragment, NEED_LOGIN | NO_LOG},
    {M_POST, "/items", web_item_create, NEED_LOGIN | MUTATES | UPLOAD}, /* files are uploaded with their item */
    {M_GET, "/items/new", web_item_new_page, NEED_LOGIN},
    {M_GET, "/items/{}", web_item, 0}, /* items in public spaces are public */
    {M_GET, "/items/{}/edit", web_item_edit_page, NEED_LOGIN},
    {M_POST, "/items/{}/edit", web_item_edit, NEED_LOGIN | MUTATES},
    {M_POST, "/items/{}/delete", web_item_delete, NEED_LOGIN | MUTATES},
    {M_POST, "/items/{}/like", web_item_like, NEED_LOGIN | MUTATES},
    {M_POST, "/items/{}/pin", web_item_pin, NEED_LOGIN | MUTATES},
    {M_GET, "/items/{}/likes", web_item_likes, NEED_LOGIN},
    /* questions, ideas, polls: check for similar questions (the ask form
     * posted back), accept an answer, vote, set an idea's status */
    {M_POST, "/items/new", web_item_new_page, NEED_LOGIN | MUTATES},
    {M_POST, "/items/{}/accept", web_question_accept, NEED_LOGIN | MUTATES},
    {M_POST, "/items/{}/vote", web_item_vote, NEED_LOGIN | MUTATES},
    {M_POST, "/items/{}/status", web_idea_status, NEED_LOGIN | MUTATES},
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
    /* spaces (public spaces are open to anonymous visitors) */
    {M_GET, "/spaces", web_spaces, 0},
    {M_GET, "/spaces/new", web_space_new_page, NEED_LOGIN | INTERNAL},
    {M_POST, "/spaces", web_space_create, NEED_LOGIN | MUTATES},
    {M_GET, "/spaces/{}", web_space, 0},
    {M_GET, "/spaces/{}/photo", web_space_photo, 0},
    {M_POST, "/spaces/{}/photo", web_space_photo_upload, NEED_LOGIN | MUTATES | UPLOAD},
    {M_POST, "/spaces/{}/photo/delete", web_space_photo_delete, NEED_LOGIN | MUTATES},
    {M_POST, "/spaces/{}/join", web_space_join, NEED_LOGIN | MUTATES},
    {M_POST, "/spaces/{}/leave", web_space_leave, NEED_LOGIN | MUTATES},
    {M_GET, "/spaces/{}/content", web_space_content, 0},
    {M_GET, "/spaces/{}/members", web_space_members, NEED_LOGIN},
    {M_POST, "/spaces/{}/members", web_space_invite, NEED_LOGIN | MUTATES},
    {M_POST, "/spaces/{}/members/{}", web_space_member_update, NEED_LOGIN | MUTATES},
    {M_GET, "/spaces/{}/settings", web_space_settings, NEED_LOGIN},
    {M_POST, "/spaces/{}/settings", web_space_settings_save, NEED_LOGIN | MUTATES},
    {M_POST, "/spaces/{}/archive", web_space_archive, NEED_LOGIN | MUTATES},
    {M_GET, "/spaces/{}/delete", web_space_delete_page, NEED_LOGIN},
    {M_POST, "/spaces/{}/delete", web_space_delete, NEED_LOGIN | MUTATES},
    /* wiki pages (web/wiki_pages.c): public spaces' wikis are public */
    {M_GET, "/spaces/{}/wiki", web_space_wiki, 0},
    {M_GET, "/spaces/{}/wiki/{}", web_wiki_page, 0},
    {M_GET, "/items/{}/revisions", web_wiki_history, 0},
    {M_GET, "/items/{}/revisions/{}", web_wiki_revision, 0},
    {M_GET, "/items/{}/diff", web_wiki_diff, 0},
    {M_POST, "/items/{}/revisions/{}/restore", web_wiki_restore, NEED_LOGIN | MUTATES},
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
    {M_GET, "/api/v1/items", api_items_list, JSON},
    {M_POST, "/api/v1/items", api_item_create, JSON | NEED_LOGIN | MUTATES | UPLOAD}, /* files: multipart */
    {M_GET, "/api/v1/items/{}", api_item_get, JSON},
    {M_PATCH, "/api/v1/items/{}", api_item_patch, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/items/{}", api_item_delete, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/items/{}/comments", api_comments_list, JSON},
    {M_POST, "/api/v1/items/{}/comments", api_comment_create, JSON | NEED_LOGIN | MUTATES},
    {M_PUT, "/api/v1/items/{}/like", api_item_like, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/items/{}/like", api_item_unlike, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/items/{}/likes", api_item_likes, JSON | NEED_LOGIN},
    {M_PUT, "/api/v1/items/{}/pin", api_item_pin, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/items/{}/pin", api_item_unpin, JSON | NEED_LOGIN | MUTATES},
    {M_PATCH, "/api/v1/comments/{}", api_comment_patch, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/comments/{}", api_comment_delete, JSON | NEED_LOGIN | MUTATES},
    {M_PUT, "/api/v1/comments/{}/like", api_comment_like, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/comments/{}/like", api_comment_unlike, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/stream/home", api_stream_home, JSON | NEED_LOGIN},
    {M_GET, "/api/v1/stream/company", api_stream_company, JSON | NEED_LOGIN | INTERNAL},
    {M_GET, "/api/v1/tags/{}/stream", api_stream_tag, JSON | NEED_LOGIN},
    {M_GET, "/api/v1/notifications", api_notifications, JSON | NEED_LOGIN},
    {M_POST, "/api/v1/notifications/read", api_notifications_read, JSON | NEED_LOGIN | MUTATES},
    /* spaces: anonymous visitors read public ones (core judges a NULL actor) */
    {M_GET, "/api/v1/spaces", api_spaces_list, JSON},
    {M_POST, "/api/v1/spaces", api_space_create, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/spaces/{}", api_space_get, JSON},
    {M_PATCH, "/api/v1/spaces/{}", api_space_patch, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/spaces/{}", api_space_delete, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/spaces/{}/stream", api_stream_space, JSON},
    {M_GET, "/api/v1/spaces/{}/members", api_space_members, JSON | NEED_LOGIN},
    {M_POST, "/api/v1/spaces/{}/members", api_space_invite, JSON | NEED_LOGIN | MUTATES},
    {M_PATCH, "/api/v1/spaces/{}/members/{}", api_space_member_patch, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/spaces/{}/members/{}", api_space_member_delete, JSON | NEED_LOGIN | MUTATES},
    {M_POST, "/api/v1/spaces/{}/join", api_space_join, JSON | NEED_LOGIN | MUTATES},
    {M_POST, "/api/v1/spaces/{}/leave", api_space_leave, JSON | NEED_LOGIN | MUTATES},
    /* wiki pages: revisions, diffs, restore (api/wiki.c) */
    {M_GET, "/api/v1/items/{}/revisions", api_wiki_revisions, JSON},
    {M_GET, "/api/v1/items/{}/revisions/{}", api_wiki_revision, JSON},
    {M_POST, "/api/v1/items/{}/revisions/{}/restore", api_wiki_restore, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/items/{}/diff", api_wiki_diff, JSON},
    /* questions, ideas, polls: accepted answers, similar questions, votes */
    {M_POST, "/api/v1/items/{}/accept", api_question_accept, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/questions/similar", api_questions_similar, JSON},
    {M_PUT, "/api/v1/items/{}/vote", api_item_vote, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/items/{}/vote", api_item_unvote, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/events", events_handler, JSON | NEED_LOGIN | NO_LOG},
    /* tags: autocomplete and trending, counted over what the caller may see */
    {M_GET, "/api/v1/tags", api_tags_suggest, JSON | NEED_LOGIN},
    {M_GET, "/api/v1/tags/trending", api_tags_trending, JSON | NEED_LOGIN},
    /* events (kind event): RSVPs, attendees, calendars; the feeds are for
     * signed-in readers and, anonymously, public spaces (feed tokens: issue 7) */
    {M_POST, "/items/{}/rsvp", web_event_rsvp, NEED_LOGIN | MUTATES},
    {M_GET, "/items/{}/attendees", web_event_attendees, NEED_LOGIN},
    {M_GET, "/items/{}/calendar.ics", web_event_ics, 0},
    {M_GET, "/spaces/{}/events", web_space_events, 0},
    {M_GET, "/spaces/{}/calendar.ics", web_space_calendar, 0},
    {M_GET, "/people/{}/calendar.ics", web_person_calendar, 0}, /* signed in or ?token= (web/feed.c) */
    {M_PUT, "/api/v1/items/{}/rsvp", api_event_rsvp, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/items/{}/rsvp", api_event_rsvp_delete, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/items/{}/attendees", api_event_attendees, JSON | NEED_LOGIN},
    {M_GET, "/api/v1/items/{}/calendar.ics", api_event_ics, JSON},
    {M_GET, "/api/v1/spaces/{}/events", api_space_events, JSON},
    /* Atom feeds (web/feed.c): the reader is the owner of ?token= (a feed
     * token, good for feeds and calendars only), else the session, else
     * anonymous (public spaces only); the feed token's settings page */
    {M_GET, "/feed.atom", web_home_feed, 0},
    {M_GET, "/spaces/{}/feed.atom", web_space_feed, 0},
    {M_GET, "/people/{}/feed.atom", web_person_feed, 0},
    {M_GET, "/tags/{}/feed.atom", web_tag_feed, 0},
    {M_GET, "/settings/feeds", web_feed_settings, NEED_LOGIN},
    {M_POST, "/settings/feeds", web_feed_settings_save, NEED_LOGIN | MUTATES},
    /* files (kind file): downloads, previews of images, versions */
    {M_GET, "/items/{}/download", web_file_download, 0},
    {M_GET, "/items/{}/preview", web_file_preview, 0},
    {M_POST, "/items/{}/versions", web_file_version_upload, NEED_LOGIN | MUTATES | UPLOAD},
    {M_GET, "/api/v1/items/{}/download", api_file_download, JSON},
    {M_GET, "/api/v1/items/{}/versions", api_file_versions, JSON},
    {M_POST, "/api/v1/items/{}/versions", api_file_version_create, JSON | NEED_LOGIN | MUTATES | UPLOAD},
    /* outgoing webhooks (api/webhooks.c): admins for every space, owners for theirs */
    {M_GET, "/api/v1/webhooks", api_webhooks_list, JSON | NEED_LOGIN},
    {M_POST, "/api/v1/webhooks", api_webhook_create, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/webhooks/{}", api_webhook_delete, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/webhooks/{}/deliveries", api_webhook_deliveries, JSON | NEED_LOGIN},
    {M_POST, "/api/v1/webhooks/{}/deliveries/{}/resend", api_webhook_resend, JSON | NEED_LOGIN | MUTATES},
    /* incoming webhooks (api/incoming.c): a space's owners manage them; the
     * POST needs no session and no CSRF token, the token in its URL is the
     * credential, and takes small bodies only */
    {M_GET, "/api/v1/spaces/{}/incoming-webhooks", api_incoming_list, JSON | NEED_LOGIN},
    {M_POST, "/api/v1/spaces/{}/incoming-webhooks", api_incoming_create, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/spaces/{}/incoming-webhooks/{}", api_incoming_delete, JSON | NEED_LOGIN | MUTATES},
    {M_POST, "/api/v1/hooks/{}", api_incoming_post, JSON | URL_TOKEN},
    {M_POST, "/spaces/{}/incoming-webhooks", web_space_incoming_create, NEED_LOGIN | MUTATES},
    {M_POST, "/spaces/{}/incoming-webhooks/{}/delete", web_space_incoming_delete, NEED_LOGIN | MUTATES},
    {M_POST, "/spaces/{}/webhooks/{}/delete", web_space_webhook_delete, NEED_LOGIN | MUTATES},
    /* API tokens (issue 7): one's own, on a settings page and through the API
     * (creating one there needs a session or an admin-scoped token) */
    {M_GET, "/settings/tokens", web_tokens_page, NEED_LOGIN},
    {M_POST, "/settings/tokens", web_token_create, NEED_LOGIN | MUTATES},
    {M_POST, "/settings/tokens/{}/revoke", web_token_revoke, NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/tokens", api_tokens_list, JSON | NEED_LOGIN},
    {M_POST, "/api/v1/tokens", api_token_create, JSON | NEED_LOGIN | MUTATES},
    {M_DELETE, "/api/v1/tokens/{}", api_token_delete, JSON | NEED_LOGIN | MUTATES},
    /* search (issue 7): one search over items, comments, people and spaces */
    {M_GET, "/search", web_search, NEED_LOGIN},
    {M_GET, "/api/v1/search", api_search, JSON | NEED_LOGIN},
    /* API for features first built for the web (api/pictures.c): profile
     * photos and space pictures (multipart/form-data), notification preferences */
    {M_GET, "/api/v1/people/{}/photo", api_person_photo_get, JSON | NEED_LOGIN},
    {M_PUT, "/api/v1/people/{}/photo", api_person_photo_put, JSON | NEED_LOGIN | MUTATES | UPLOAD},
    {M_DELETE, "/api/v1/people/{}/photo", api_person_photo_delete, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/spaces/{}/picture", api_space_picture_get, JSON},
    {M_PUT, "/api/v1/spaces/{}/picture", api_space_picture_put, JSON | NEED_LOGIN | MUTATES | UPLOAD},
    {M_DELETE, "/api/v1/spaces/{}/picture", api_space_picture_delete, JSON | NEED_LOGIN | MUTATES},
    {M_GET, "/api/v1/notifications/preferences", api_notification_prefs_get, JSON | NEED_LOGIN},
    {M_PUT, "/api/v1/notifications/preferences", api_notification_prefs_put, JSON | NEED_LOGIN | MUTATES},
};

const int routes_count = sizeof routes / sizeof routes[0];
