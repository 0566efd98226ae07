/* Every HTML page handler, for the route table. */
#ifndef RUCHE_PAGES_H
#define RUCHE_PAGES_H
#include "http/req.h"

int web_home(struct req *r);
int web_login_page(struct req *r);
int web_login(struct req *r);
int web_logout(struct req *r);
int web_set_language(struct req *r);
int web_password_page(struct req *r);
int web_password_change(struct req *r);
int web_invite_page(struct req *r);
int web_invite_accept(struct req *r);
/* password reset (reset.c) */
int web_forgot_page(struct req *r);
int web_forgot(struct req *r);
int web_reset_page(struct req *r);
int web_reset(struct req *r);
int web_reset_link(struct req *r);
int web_directory(struct req *r);
int web_org_chart(struct req *r);
int web_profile(struct req *r);
int web_profile_edit_page(struct req *r);
int web_profile_edit(struct req *r);
int web_photo(struct req *r);
int web_photo_upload(struct req *r);
int web_photo_delete(struct req *r);
int web_account_update(struct req *r);
int web_invitations(struct req *r);
int web_invite_create(struct req *r);
int web_invite_revoke(struct req *r);
int web_healthz(struct req *r);
int web_metrics(struct req *r);

int web_company(struct req *r);
int web_tag(struct req *r);
int web_stream_fragment(struct req *r);
int web_item(struct req *r);
int web_item_create(struct req *r);
int web_item_new_page(struct req *r);
int web_item_edit_page(struct req *r);
int web_item_edit(struct req *r);
int web_item_delete(struct req *r);
int web_item_like(struct req *r);
int web_item_likes(struct req *r);
int web_comment_create(struct req *r);
int web_comment_edit_page(struct req *r);
int web_comment_edit(struct req *r);
int web_comment_delete(struct req *r);
int web_comment_like(struct req *r);
int web_notifications(struct req *r);
int web_notifications_read(struct req *r);
int web_notification_prefs(struct req *r);
int web_notification_prefs_save(struct req *r);
int web_follow(struct req *r);
int web_followers(struct req *r);
int web_following(struct req *r);
int web_item_pin(struct req *r);

/* spaces */
int web_spaces(struct req *r);
int web_space_new_page(struct req *r);
int web_space_create(struct req *r);
int web_space(struct req *r);
int web_space_photo(struct req *r);
int web_space_join(struct req *r);
int web_space_leave(struct req *r);
int web_space_members(struct req *r);
int web_space_invite(struct req *r);
int web_space_member_update(struct req *r);
int web_space_settings(struct req *r);
int web_space_settings_save(struct req *r);
int web_space_photo_upload(struct req *r);
int web_space_photo_delete(struct req *r);
int web_space_archive(struct req *r);
int web_space_delete_page(struct req *r);
int web_space_delete(struct req *r);
int web_space_content(struct req *r);
int web_person_content(struct req *r);
/* events (web/event.c) */
int web_event_rsvp(struct req *r);
int web_event_attendees(struct req *r);
int web_event_ics(struct req *r);
int web_space_events(struct req *r);
int web_space_calendar(struct req *r);
int web_person_calendar(struct req *r);
/* files (web/file.c) */
int web_file_download(struct req *r);
int web_file_preview(struct req *r);
int web_file_version_upload(struct req *r);
/* wiki (web/wiki_pages.c) */
int web_space_wiki(struct req *r);
int web_wiki_page(struct req *r);
int web_wiki_history(struct req *r);
int web_wiki_revision(struct req *r);
int web_wiki_diff(struct req *r);
int web_wiki_restore(struct req *r);

/* Atom feeds and feed tokens (web/feed.c, web/feed_settings.c) */
int web_home_feed(struct req *r);
int web_space_feed(struct req *r);
int web_person_feed(struct req *r);
int web_tag_feed(struct req *r);
int web_feed_settings(struct req *r);
int web_feed_settings_save(struct req *r);

/* questions, ideas, polls (web/question.c, web/idea.c) */
int web_question_accept(struct req *r);
int web_item_vote(struct req *r);
int web_idea_status(struct req *r);

/* A person in a list: photo, name, title and department. */
void web_person_card(struct req *r, const struct person *p);

/* web/tokens.c */
int web_tokens_page(struct req *r);
int web_token_create(struct req *r);
int web_token_revoke(struct req *r);
/* search (web/search.c) */
int web_search(struct req *r);

/* a space's webhooks, in its settings (web/space_webhooks.c) */
int web_space_incoming_create(struct req *r);
int web_space_incoming_delete(struct req *r);
int web_space_webhook_delete(struct req *r);
int web_space_webhook_create(struct req *r);
/* outgoing webhooks' pages (web/webhooks.c): admins, and owners for their spaces' hooks */
int web_webhooks_page(struct req *r);
int web_webhook_create(struct req *r);
int web_webhook_delete(struct req *r);
int web_webhook_deliveries_page(struct req *r);
int web_webhook_resend(struct req *r);

#endif
