# English: directives, announcements and the progress of anything sent to many chats.

delivery-kind-directive = directive
delivery-kind-announcement = announcement
delivery-kind-consultation = consultation
delivery-kind-reminder = reminder
delivery-progress-running =
    📤 Sending the { $kind } «{ $subject }»: { $done } of { $total }
    { $bar } { $percent }%
    Delivered: { $sent } · blocked the bot: { $blocked } · failed: { $failed }
delivery-progress-done =
    ✅ The { $kind } «{ $subject }» has been sent.
    Delivered: { $sent } of { $total } · blocked the bot: { $blocked } · failed: { $failed }
delivery-progress-cancelled =
    ⛔️ Sending the { $kind } «{ $subject }» was cancelled.
    Delivered: { $sent } of { $total } · blocked the bot: { $blocked } · failed: { $failed } · not sent: { $left }
delivery-cancel = ⛔️ Cancel sending
delivery-cancelled = Sending cancelled.
delivery-already-ended = This sending has already finished or been cancelled.

directive-acknowledge = ✅ Acknowledge receipt
directive-acknowledged = Receipt acknowledged. Thank you.
directive-already-acknowledged = You have already acknowledged this directive.
directive-not-yours = This directive is not addressed to you.

announcements-stop = 🔕 Stop announcements
announcements-stopped = You will not get announcements any more. You can turn them back on from the menu.
directive-text =
    📣 Directive: { $title }

    { $body }

    { $due }
directive-reminder-text =
    ⏰ Reminder of a directive: { $title }

    { $body }

    { $due }
directive-due = Due: { $date }
directive-acknowledged-mark = ✔️ Receipt acknowledged

join-member-welcome = 🤝 Welcome! Your chat is now linked to “{ $name }” in the county's popularization network. You will get the county assistant's consultations here.
join-member-already = Your chat is already linked to “{ $name }” in the network.

consultation-answer = ✍️ Answer
consultation-answered = Your answer has been recorded. Thank you.
consultation-already-answered = You have already answered this consultation.
consultation-not-yours = This consultation is not addressed to you.
consultation-text =
    🗳 A consultation from the county's popularization assistant

    { $question }
consultation-ask-text = Write your answer ({ $min } to { $max } characters):
report-consultations = Consultations of the network: { $held }, { $answered } answers from { $asked } members

btn-member-invite = 🔗 Invite to the bot (for consultations)
member-invite-created =
    🔗 Code for “{ $name }” to join the bot: { $code }

    Send them this link to join with one tap:
    { $link }

    The code works once, until { $expires }. Once they join, your consultations reach them.
member-invite-no-link = They only need to send Hamyar: /join { $code }

menu-consult = 🗳 Consult the network
cmd-consult = Consult the network's members
consult-menu =
    🗳 Consulting the popularization network

    { $members } network members have joined the bot; consultations reach them. (To link a member, open them under “People's network” and press “Invite to the bot”.)
    Earlier consultations: { $past }
consult-new = ➕ New consultation
consult-refresh = 🔄 Refresh
consult-back = ↩️ Back
consult-ask-question = Write the question, e.g. an agency's programme you want the network's opinion on ({ $min } to { $max } characters):
consult-ask-shape = How should members answer?
consult-shape-options = Choose an option
consult-shape-text = Write an answer
consult-ask-options = Write the options (2 to { $max }), separated by commas or one per line; e.g.: agree, disagree, no opinion
consult-options-count = That is { $count } option(s); 2 to { $max } are needed. Separate them with commas or new lines.
consult-option-long = Each option may be at most 60 characters.
consult-option-twice = Two options are the same; make them different.
consult-free-text = (free-text answers)
consult-preview =
    Preview of the consultation:

    { $question }
    { $options }

    It goes to { $members } linked members.
consult-send = 📤 Send
consult-edit = ✏️ Write it again
consult-sent = 🗳 The consultation is recorded; the message above shows how sending it to { $members } members goes and ends. See the answers under “Consult the network”; it also counts in the monthly report.
consult-no-members = No network member has joined the bot yet. Open a member under “People's network” and press “Invite to the bot”.
consult-summary-title = 🗳 { $question } ({ $date })
consult-summary-answered = Answered: { $answered } of { $asked }
consult-summary-more = and { $more } more answers
