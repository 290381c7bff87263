# English: issuing, following and forwarding directives; announcements; the citizen's announcements switch.

menu-issue-directive = 📣 Issue a directive
menu-follow-directives = 📋 Follow directives
menu-received-directives = 📥 Directives received
menu-announce = 📢 Announcement
menu-announcements-on = 🔔 Announcements: on
menu-announcements-off = 🔕 Announcements: off

cmd-directive = Issue a new directive
cmd-directives = Follow directives and acknowledgements
cmd-inbox = Directives you have received
cmd-announce = Announce to citizens or staff

list-separator = {", "}

announcements-turned-on =
    🔔 Announcements are on.
    You will get Hamyar's public announcements (such as new services or changed opening hours of agencies). Turn them off any time with this menu button or the «🔕» button under each announcement.
announcements-turned-off =
    🔕 Announcements are off; you will not get public announcements any more.
    Agencies' answers to your cases still reach you. To turn them back on, press «🔕 Announcements: off» in the menu.

# Who and where, shared by directives and announcements.
audience-role-assistant = County popularization assistants
audience-role-provincial = Provincial popularization representatives
audience-role-ministry = Representatives of ministers and agency heads
btn-audience-continue = Continue ➡️
audience-pick-a-role = Choose at least one group.
region-ask-province = Where to? Choose a province, or press «The whole country».
region-ask-county = In { $province } province: choose a county, or press «All counties of the province».
btn-region-country = 🇮🇷 The whole country
btn-region-province = 🗺 All counties of the province
region-country = the whole country
audience-staff-in = { $roles } — { $region }
audience-ministry-everywhere = (Agencies' representatives do not belong to a province: all of them receive it.)
audience-citizens = Citizens who turned announcements on — the whole country
audience-citizens-in = Citizens who turned announcements on and filed a case in { $region }
audience-users = { $count } named people
audience-count = { $total } people
audience-count-blocked = { $total } people; { $blocked } of them blocked the bot, so it reaches { $reach }.
audience-count-none = Nobody is in this group right now.

# Issuing a directive.
directive-intro = 📣 Issuing a directive: I will ask for the title, text, attachments, recipients and due date, and show a preview before sending. Leave any time with «Cancel» or /cancel.
directive-ask-title = Write the directive's title ({ $min } to { $max } characters):
directive-ask-body = Write the full text of the directive ({ $min } to { $max } characters):
directive-ask-files =
    If the directive has attachments, send them: one photo and at most { $max } documents (PDF, Word …, as files). Press the button below after the last one.
    Attachments received: { $count }
directive-expect-file = At this step send a photo or a document file, or press the button under the message.
directive-one-photo = A directive can carry one photo. Send other pictures as files (documents).
directive-file-received = 📎 Attachment { $count } received. Send another one or press «Done».
directive-ask-roles = Who is the directive for? Choose the groups (each button turns ✅ on and off), then press «Continue».
directive-ask-due =
    When is it due? Press a button, or type a Jalali date — e.g. { $example } (by the end of that day) or { $example } 14:00 (Tehran time).
btn-due-in-days = In { $days } days
btn-due-none = ⏭ No due date
directive-due-format = I could not read that date. Write a Jalali date as year/month/day, e.g. { $example }, optionally followed by a time (e.g. 14:00).
directive-due-past = That date has passed (it is now { $now }). The due date must be later than now.
directive-due-too-far = That is more than a year away. Choose an earlier date.
directive-due-passed-meanwhile = ⏰ The due date you chose has passed in the meantime. Please give a new one.
directive-no-due = no due date
due-end-of-day = by the end of { $date }
directive-preview =
    👁 Preview — the directive as its recipients will see it:
    ━━━━━━━━━━
    { $directive }
    ━━━━━━━━━━
    { $details }

    Under the directive comes a «✅ Acknowledge receipt» button; «📋 Follow directives» shows who has acknowledged. If everything is right, press «Send».
directive-preview-files-line = 📎 Attachments: { $files }
directive-preview-audience = 👥 Recipients: { $audience }
directive-preview-count = 🔢 Count: { $count }
directive-preview-no-due = ⏳ Due: none
directive-preview-no-files = none
directive-preview-files = { $photos } photo(s) and { $documents } document(s) ({ $names })
btn-directive-send = 📤 Send the directive
btn-directive-edit-title = ✏️ Title
btn-directive-edit-body = ✏️ Text
btn-directive-edit-files = ✏️ Attachments
btn-directive-edit-audience = ✏️ Recipients
btn-directive-edit-due = ✏️ Due date
btn-directive-discard = ❌ Do not issue
directive-discarded = The directive was not issued; nothing was sent.
directive-issued =
    ✅ The directive «{ $title }» has been issued; the message above shows how sending it to { $count } people goes and ends.
    «📋 Follow directives» shows who has acknowledged receipt.
directive-issued-nobody =
    ✅ The directive «{ $title }» has been issued. Nobody is in this group yet; staff who join Hamyar before it is due (within 90 days) will receive it.

# Following directives.
follow-title = Directives you issued (newest first). Choose one to see who has not acknowledged yet.
follow-title-all = All directives (newest first). Choose one to see who has not acknowledged yet.
follow-none = You have not issued any directive yet. To issue one, press «📣 Issue a directive» in the menu.
follow-none-provincial = You have not forwarded any directive to the province's assistants yet. See «📥 Directives received» and forward from there.
follow-acknowledged = { $acknowledged } of { $total } have acknowledged
follow-card =
    📣 { $title }
    🗓 Issued: { $issued } — { $issuer }
    ⏳ Due: { $due }
    👥 Recipients: { $audience }

    ✅ { $acknowledged }
    📬 Delivered: { $sent } · ⏳ waiting to be sent: { $pending } · 🚫 blocked the bot: { $blocked } · ❌ failed: { $failed }
follow-cancelled = ⛔️ Sending this directive was cancelled; those who received it before can still acknowledge.
follow-nobody-yet = Nobody is in this group yet; staff who join will receive it.
follow-all-acknowledged = 🎉 Every recipient has acknowledged receipt.
follow-waiting-title = Not acknowledged yet ({ $count }):
follow-page = — page { $page } of { $pages }
follow-waiting-pending = ⏳ not delivered yet
follow-waiting-blocked = 🚫 blocked the bot
follow-waiting-failed = ❌ sending failed
follow-waiting-cancelled = ⛔️ not delivered before the cancel
follow-not-found = This directive was not found, or following it is not yours to do.
follow-refreshed = Updated.
btn-follow-refresh = 🔄 Refresh
btn-follow-list = 📋 List of directives
directive-issuer-admin = system admin
directive-issuer-ministry = agency representative
directive-issuer-provincial = provincial representative (forwarded)
directive-issuer-agency = agency back-end (API)

# Received directives and forwarding them.
received-title = Directives you have received (newest first). ⏳ means you have not acknowledged receipt yet; not acknowledged: { $waiting }
received-none = You have not received any directive yet. New ones arrive right here in the chat.
received-not-found = This directive was not found.
received-when = 🗓 Received on { $date }
received-acknowledged = ✅ You have acknowledged receipt.
received-not-acknowledged = ⏳ You have not acknowledged receipt yet.
received-files = 📎 This directive has { $count } attachment(s), sent to you with the original message.
received-forwarded = ↪️ You have forwarded it to the province's assistants { $count } time(s).
btn-received-forward = ↪️ Forward to the province's assistants
btn-received-list = 📥 List of directives
forward-ask-scope = Forward the directive to the assistants of every county of the province, or choose counties?
btn-forward-all-counties = 🗺 All counties of the province
btn-forward-some-counties = ✔️ Choose counties
btn-forward-back = ↩️ Back to the directive
forward-ask-counties = Choose the counties (each button turns ✅ on and off), then press «Done».
forward-pick-a-county = Choose at least one county.
forward-preview =
    ↪️ Forwarding «{ $title }» with the same text, attachments and due date
    👥 To: { $audience }
    🔢 Count: { $count }

    Forwarding also acknowledges your own receipt.
btn-forward-send = 📤 Send
btn-forward-change = ✏️ Change counties
forward-sent =
    ✅ «{ $title }» has been forwarded; the message above shows how sending it to { $count } assistants goes and ends.
    «📋 Follow directives» shows who has acknowledged receipt.
forward-sent-nobody = ✅ «{ $title }» has been forwarded. No assistant is in these counties yet; those who join will receive it.

# Announcements.
announce-intro = 📢 Announcement: I will ask for the recipients, the region and the message, and show a preview with the number of recipients before sending. Leave any time with «Cancel» or /cancel.
announce-ask-audience = Who is this announcement for?
btn-announce-citizens = 👥 Citizens who turned announcements on
btn-announce-staff = 🧑‍💼 Staff (by role)
announce-ask-roles = Which staff? Choose the groups, then press «Continue».
announce-ask-message = Write the announcement ({ $min } to { $max } characters), or send a photo with a caption:
announce-ask-caption = Write the text to go under the photo ({ $min } to { $max } characters), or send another photo:
announce-photo-received = 🖼 Photo received.
announce-expect-message = At this step write the announcement or send a photo (documents and voice messages are not accepted).
btn-announce-drop-photo = 🗑 Without a photo
announce-preview =
    👁 Preview — the announcement as its recipients will see it:
    ━━━━━━━━━━
    { $message }
    ━━━━━━━━━━
    { $photo }
    👥 Recipients: { $audience }
    🔢 Count (now): { $count }
    🕒 Sending: { $when }

    { $note }
announce-preview-photo = 🖼 With a photo (the text goes under it)
announce-preview-no-photo = 🖼 No photo
announce-preview-now = right now
announce-preview-at = { $at } (Tehran time); recipients are counted again at that time.
announce-preview-note-citizens = Citizens get a «🔕 Stop announcements» button under it.
announce-preview-note-staff = Staff get it without buttons.
btn-announce-now = 📤 Send now
btn-announce-later = 🕒 Send at another time
btn-announce-schedule = ✅ Schedule for { $at }
btn-announce-now-instead = 📤 Send now instead
btn-announce-edit-time = ✏️ Sending time
btn-announce-edit-message = ✏️ Text or photo
btn-announce-edit-audience = ✏️ Recipients
btn-announce-edit-region = ✏️ Region
btn-announce-discard = ❌ Do not send
announce-discarded = The announcement was not sent.
announce-nobody = Nobody would get this announcement right now. Change the recipients, or schedule it for later.
announce-ask-time =
    When should it go? Write a Jalali date and a Tehran time — e.g. { $example }.
    Now: { $now }
btn-announce-tomorrow-9 = 🌅 Tomorrow at 9:00
announce-time-needs-hour = Write the hour too, e.g. { $example }.
announce-time-format = I could not read that time. Write a Jalali date and time like { $example }.
announce-time-past = That time has passed (it is now { $now }). Choose a later time.
announce-time-too-far = That is more than a year away. Choose an earlier time.
announce-time-passed-meanwhile = ⏰ The time you chose has passed in the meantime. Give a new time, or send it now.
announce-sent = ✅ The announcement is recorded; the message above shows how sending it to { $count } people goes and ends.
announce-scheduled = 🕒 The announcement is scheduled for { $at } (Tehran time). Until then, «Cancel sending» under the message above cancels it.
announce-scheduled-progress = 🕒 Announcement «{ $subject }» scheduled for { $at } (Tehran time). Its progress will show here when it goes.
