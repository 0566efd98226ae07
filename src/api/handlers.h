/* Every API handler, for the route table. */
#ifndef RUCHE_API_HANDLERS_H
#define RUCHE_API_HANDLERS_H
#include "http/req.h"
#include "lib/embedded.h"

int api_me(struct req *r);
int api_people_list(struct req *r);
int api_person_get(struct req *r);
int api_person_patch(struct req *r);
int api_openapi(struct req *r);
int api_item_create(struct req *r);
int api_item_get(struct req *r);
int api_item_patch(struct req *r);
int api_item_delete(struct req *r);
int api_comments_list(struct req *r);
int api_comment_create(struct req *r);
int api_comment_patch(struct req *r);
int api_comment_delete(struct req *r);
int api_item_like(struct req *r);
int api_item_unlike(struct req *r);
int api_item_likes(struct req *r);
int api_item_pin(struct req *r);
int api_item_unpin(struct req *r);
int api_comment_like(struct req *r);
int api_comment_unlike(struct req *r);
int api_stream_home(struct req *r);
int api_stream_company(struct req *r);
int api_stream_person(struct req *r);
int api_stream_tag(struct req *r);
/* tags (api/tags.c) */
int api_tags_suggest(struct req *r);
int api_tags_trending(struct req *r);
int api_items_list(struct req *r);
int api_follow(struct req *r);
int api_unfollow(struct req *r);
int api_followers(struct req *r);
int api_following(struct req *r);
int api_notifications(struct req *r);
int api_notifications_read(struct req *r);
int api_spaces_list(struct req *r);
int api_space_create(struct req *r);
int api_space_get(struct req *r);
int api_space_patch(struct req *r);
int api_space_delete(struct req *r);
int api_stream_space(struct req *r);
int api_space_members(struct req *r);
int api_space_invite(struct req *r);
int api_space_member_patch(struct req *r);
int api_space_member_delete(struct req *r);
int api_space_join(struct req *r);
int api_space_leave(struct req *r);
/* events (api/event.c) */
int api_event_rsvp(struct req *r);
int api_event_rsvp_delete(struct req *r);
int api_event_attendees(struct req *r);
int api_event_ics(struct req *r);
int api_space_events(struct req *r);
/* files (api/file.c) */
int api_file_version_create(struct req *r);
int api_file_versions(struct req *r);
int api_file_download(struct req *r);
/* wiki pages (api/wiki.c) */
int api_wiki_revisions(struct req *r);
int api_wiki_revision(struct req *r);
int api_wiki_restore(struct req *r);
int api_wiki_diff(struct req *r);

/* questions, ideas, polls (api/question.c, api/idea.c, api/kind_lists.c) */
int api_question_accept(struct req *r);
int api_questions_similar(struct req *r);
int api_item_vote(struct req *r);
int api_item_unvote(struct req *r);
int api_kind_list_wanted(struct req *r); /* 1 when api_items_list should answer with api_kind_list */
int api_kind_list(struct req *r);

/* outgoing webhooks (api/webhooks.c) */
int api_webhooks_list(struct req *r);
int api_webhook_create(struct req *r);
int api_webhook_delete(struct req *r);
int api_webhook_deliveries(struct req *r);
int api_webhook_resend(struct req *r);
/* api/tokens.c */
int api_tokens_list(struct req *r);
int api_token_create(struct req *r);
int api_token_delete(struct req *r);
/* search (api/search.c) */
int api_search(struct req *r);

/* api/pictures.c: photos, space pictures, notification preferences */
int api_person_photo_get(struct req *r);
int api_person_photo_put(struct req *r);
int api_person_photo_delete(struct req *r);
int api_space_picture_get(struct req *r);
int api_space_picture_put(struct req *r);
int api_space_picture_delete(struct req *r);
int api_notification_prefs_get(struct req *r);
int api_notification_prefs_put(struct req *r);
/* incoming webhooks (api/incoming.c) */
int api_incoming_list(struct req *r);
int api_incoming_create(struct req *r);
int api_incoming_delete(struct req *r);
int api_incoming_post(struct req *r);

/* administration (api/admin.c): invitations, accounts; the caller's own
 * account (api/account.c): password, feed token */
int api_invitations_list(struct req *r);
int api_invitation_create(struct req *r);
int api_invitation_delete(struct req *r);
int api_account_patch(struct req *r);
int api_password_put(struct req *r);
int api_feed_token_get(struct req *r);
int api_feed_token_reset(struct req *r);
int api_feed_token_delete(struct req *r);

#endif
