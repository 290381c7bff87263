# English, the second language of Hamyar.

text-direction = ltr

welcome =
    Hello { $name } 👋
    Welcome to Hamyar, your link to government agencies.

    Here you can file a complaint, request, suggestion, idea, report or appreciation, get a tracking code, and receive the agency's reply right here.

    Please choose an option from the menu below.
help =
    Hamyar guide:
    📝 File a request or complaint — step by step; you can leave at any time with “Cancel” or /cancel.
    📂 My cases — the cases you have filed and their status.
    🔎 Track — see a case's status and history with its tracking code.
    ❓ Help — frequently asked questions and contact with agencies' service desks.
    🌐 Language — Persian or English.

    Commands: /new new case, /mycases my cases, /track track, /faq help, /lang language, /cancel cancel.
private-only = Hamyar only works in private chat, to keep your information safe. Please send me a private message.
use-menu = Sorry, I didn't understand that. Please choose an option from the menu.
unknown-command = I don't know that command. Send /help to see the list of commands.
finish-or-cancel = You are in the middle of filing a case. Please finish this step, or leave with “Cancel” (/cancel).
cancelled = Cancelled. The information you entered was not saved.
nothing-to-cancel = There is nothing in progress to cancel.
back-to-menu = You are back at the main menu.
no-previous-step = This is the first step.
form-keys = ⬇️ “Previous step” and “Cancel” are at the bottom of the screen.
stale-button = This button is no longer valid. Please use the most recent message.
edited-ignored = Edits to messages are not taken into account. If you want to correct something, send it again or use the edit option in the case summary.
flood = Your messages are arriving too quickly. Please wait a moment and send again.
error-generic = Sorry, something went wrong while processing your message. Your information has not been lost; please try again.

menu-file = 📝 File a request / complaint
menu-my-cases = 📂 My cases
menu-track = 🔎 Track with tracking code
menu-faq = ❓ Help and FAQ
menu-language = 🌐 زبان / Language

lang-ask = زبان را انتخاب کنید / Choose your language:
lang-set = Hamyar now speaks English.

cmd-start = Start and main menu
cmd-new = File a new request or complaint
cmd-mycases = My cases
cmd-track = Track with tracking code
cmd-faq = Help and FAQ
cmd-lang = Change language
cmd-help = Help
cmd-cancel = Cancel the current task

btn-back = ↩️ Previous step
btn-cancel = ❌ Cancel
btn-prev = ◀️ Previous
btn-next = Next ▶️
btn-show-all = 📋 Show all
btn-skip = Not now
btn-not-now = Not now
btn-no-topic = Other topic / not sure
btn-no-attachments = No attachments
btn-attachments-done = ✅ Done sending attachments
btn-attachments-clear = 🗑 Remove attachments
btn-share-location = 📍 Send my location
btn-share-contact = 📱 Send my number
btn-use-saved-phone = 📱 Use { $phone }
btn-anonymous = 🕶 File anonymously
btn-named = 👤 File with name and number
btn-confirm = ✅ Confirm and submit
btn-back-to-list = ↩️ Back to list
btn-back-to-questions = ↩️ Back to questions
btn-service-desk = 🧑‍💼 Contact the service desk
btn-other-agency = 🏛 Another agency

kind-complaint = Complaint
kind-request = Request
kind-suggestion = Suggestion
kind-idea = Idea
kind-report = Report (misconduct)
kind-appreciation = Appreciation

status-received = Received
status-in_review = In review
status-referred = Referred
status-in_progress = In progress
status-answered = Answered
status-resolved = Closed - resolved
status-unresolved = Closed - unresolved
status-not_responsible = Not responsible
status-duplicate = Duplicate
status-reopened = Reopened
citizen-status-received = Received
citizen-status-in_review = Being reviewed
citizen-status-referred = Passed to another agency
citizen-status-in_progress = Being worked on
citizen-status-answered = Answered
citizen-status-resolved = Closed: problem solved
citizen-status-unresolved = Closed: problem not solved
citizen-status-not_responsible = Closed: not this agency's matter
citizen-status-duplicate = Closed: already filed before
citizen-status-reopened = Reopened
event-status = Status change
event-followup = Your follow-up message
event-note = Note
event-answer = Agency's answer
event-referral = Referred to another agency
event-info_request = The agency asked for more information
event-info_provided = Your answer to the agency's question
event-objection = Your objection

file-intro = Filing a new case. At each step you can go back with “Previous step” or leave with “Cancel”.
file-progress = Step { $step } of { $total }
file-answered = { $field }: { $value } ✔
answered-kind = Type of case
answered-agency = Agency
answered-topic = Topic
answered-province = Province
answered-county = County
answered-attachments = Attachments
answered-files = { $count } files
answered-anonymity = Identity
file-ask-kind = Choose the type of case:
file-ask-agency = 🏛 Which agency is this case about?
file-ask-topic = Choose the topic of your case with { $agency }:
file-ask-province = 📍 Choose the province where this happened:
file-ask-county = Choose the county:
list-type-to-search = 🔍 To search, type part of the name.
list-filtered = 🔍 Search results for “{ $query }”:
list-page = Page { $page } of { $pages }
search-no-match = Nothing found for “{ $query }”. Please try another word or choose from the list.
search-bad-query = Please type at least two letters to search (no special characters).
choose-from-list = Please choose one of the options in this message.
file-ask-subject = ✏️ { $kind }: please write a short title ({ $min } to { $max } characters):
file-ask-description = 📝 { $kind }: please describe it in full — what happened, where, when, and what you expect ({ $min } to { $max } characters).
expect-text = Please type your answer as text.
text-empty = The text is empty. Please write something.
text-too_short = The text is too short; please write at least { $min } characters.
text-too_long = The text is too long; the maximum is { $max } characters. Please shorten it.
text-no_words = Please write in words; text with only emoji or symbols is not accepted.
text-hidden_chars = The text contains hidden control or direction characters. Please type it again (don't paste it).
file-ask-attachments = 📎 If you have photos, documents (PDF, etc.) or voice messages, send them now (up to { $max } files; so far: { $count }). If you have none, press “Not now”.
attachment-received = ✅ Attachment { $count } of { $max } received.
attachments-full = You can send up to { $max } attachments. Please press “Done sending attachments”.
attachment-too-big = This file is larger than 20 MB. Please send a smaller file.
attachment-duplicate = You have already sent this file.
expect-attachment = At this step, please send a photo, document or voice message; if you have none, press “Not now”.
file-ask-location = 📍 Where did this happen? Send a location or type the address (up to { $max } characters). If it's not needed, press “Not now”.
expect-location = Please send a location, type the address, or press “Not now”.
location-invalid = This location is not valid.
file-ask-anonymity = You can file a misconduct report anonymously. If you do, the agency will not see your identity or phone number, and only you can track the case with its tracking code.
file-ask-contact = 📱 So the agency can contact you, press “Send my number”. Your number is shown only to the agency handling your case.
contact-received = ✅ Your number has been received.
contact-not-own = This is not your own number. Please send your own number using the “Send my number” button only.
contact-use-button = To make sure the number belongs to you, please press “Send my number” instead of typing it.
phone-invalid = This mobile number is not valid (correct example: 09123456789). Please use the “Send my number” button.
file-ask-national-id = 🪪 If you wish, type your 10-digit national ID number (optional). Otherwise, press “Not now”.
expect-national-id = Please type your national ID as a number, or press “Not now”.
national-id-invalid = This national ID is not valid. A national ID has 10 digits and the last one is a check digit; please check it again.

summary-title = 📋 Case summary — please review:
summary-confirm-hint = If everything is correct, press “Confirm and submit”; to correct any part, press its edit button.
summary-none = None
summary-location-point = Location on the map
summary-anonymous = Anonymous
summary-use-buttons = Please use the buttons below the summary to confirm or edit.
field-kind = Type
field-agency = Agency
field-region = Area
field-subject = Title
field-description = Description
field-attachments = Attachments
field-location = Address / location
field-identity = Identity
field-phone = Phone number
field-national-id = National ID
field-status = Status
field-deadline = Answer due
edit-kind = ✏️ Type
edit-agency = ✏️ Agency
edit-region = ✏️ Province and county
edit-subject = ✏️ Title
edit-description = ✏️ Description
edit-attachments = ✏️ Attachments
edit-location = ✏️ Address
edit-anonymity = ✏️ Named / anonymous
edit-contact = ✏️ Phone number
edit-national_id = ✏️ National ID
filed =
    ✅ { $kind } filed with “{ $agency }”.

    🔖 Tracking code: { $code }

    ⏳ Answer due by { $deadline } ({ $days } working days)

    Please keep this code; you can use it under “Track” to see the status of your case. The agency's reply will be sent to you right here.

my-cases-empty = You haven't filed any cases yet. To start, press “File a request / complaint”.
my-cases-title = 📂 Your cases ({ $total } in total) — page { $page } of { $pages }
case-line = { $n }. 🔖 { $code } — { $kind }: { $subject }
    Status: { $status } · { $date }
case-detail-title = 🔖 Case { $code }
case-history = 🕘 Status history:

track-ask = 🔎 Send the tracking code of your case (Persian or English digits, with or without spaces):
track-bad-format = A tracking code has 9 digits. Please send the complete, correct code.
track-typo = This tracking code is not correct; a digit was probably mistyped or swapped. Please check it again.
track-not-found = No case with this tracking code was found among your cases.

faq-intro = ❓ Type your question and I'll show related answers, or choose one of the frequently asked questions:
faq-results = Questions related to “{ $query }”:
faq-no-match = No answer was found for this question. Try other words, or contact the agency's service desk.
faq-civil-servants-title = 🏛 Questions from agency staff (service desks, Article 91 inspectors, TASMA):
btn-faq-civil-servants = 🏛 Questions from agency staff
faq-type-question = Type your question or choose one of the options.
desk-ask-agency = 🧑‍💼 Which agency's service desk do you need?
desk-title = 🧑‍💼 { $agency } service desk
desk-phone = Phone
desk-website = Website
desk-hours = Working hours
desk-unknown = Contact details for this agency have not been added yet.

form-finish-or-cancel = You are in the middle of something. Please finish it, or leave with “Cancel” (/cancel).
notify-finish-first = Please finish what you are doing first, or leave it with “Cancel” (/cancel), then press this button again.
btn-followup = ✉️ Send a follow-up
btn-answer-info = ✍️ Answer the agency's question
btn-object = 📣 Object to the answer
btn-no-objection = No, thanks

push-status-title = 🔔 The status of case { $code } has changed.
push-answer-title = 📨 The answer of “{ $agency }” to case { $code }:
push-referral-title = ↪️ Case { $code } has been referred to “{ $agency }”.
push-info-title = ❓ “{ $agency }” needs more information to handle case { $code }:
push-info-how = To answer, press “✍️ Answer the agency's question” and write your answer.
push-note = 📝 Note from the agency: { $note }

survey-push =
    📋 Survey about case { $code } (“{ $subject }”)

    The agency has handled your case. Was your problem solved?
survey-reminder =
    ⏰ Reminder: you have not yet answered the survey about case { $code } (“{ $subject }”). Your opinion helps agencies improve.

    Was your problem solved?
survey-yes = ✅ Yes
survey-no = ❌ No
survey-unknown = 🤷 I don't know
survey-noted-yes = 🙂 We are glad your problem was solved. Two more short questions:
survey-noted-no = Your answer: “not solved”. Two more short questions:
survey-noted-unknown = Your answer: “I don't know”. Two more short questions:
survey-ask-rating = ⭐ How would you rate the agency's handling, from 1 (very poor) to 5 (excellent)?
survey-use-rating-buttons = Please choose a rating with one of the buttons 1 to 5.
survey-ask-comment = 💬 If you have a comment, write it (up to { $max } characters); otherwise press “Not now”.
survey-comment-expect-text = Please write your comment as text, or press “Not now”.
survey-thanks = 🙏 Thank you! Your opinion has been recorded and helps agencies improve.
survey-saved-sorry = ✅ Your opinion has been recorded. We are sorry your problem has not been solved.
survey-offer-objection = If you object to the agency's answer, file an objection: the case will be reopened and looked at again.
survey-already-answered = You have already answered the survey about this case; thank you.
survey-already-saved = Your opinion was already recorded.
objection-ask = 📣 Write why you object to the answer on case { $code } (up to { $max } characters):
objection-expect-text = Please write the reason for your objection as text.
objection-filed = ✅ Your objection has been filed. Case { $code } has been reopened and the agency has been told to look at it again.
objection-not-allowed = An objection to this case is not possible, or was already filed.

followup-ask = ✉️ Write your follow-up message about case { $code } (up to { $max } characters). It will reach “{ $agency }”.
followup-ask-info =
    ❓ The question of “{ $agency }” about case { $code }:

    { $question }

    ✍️ Write your answer (up to { $max } characters):
followup-expect-text = Please write your message as text.
followup-sent = ✅ Your follow-up message on case { $code } has been recorded and will reach the agency handling it.
followup-info-sent = ✅ Your answer on case { $code } has been recorded and will reach the agency handling it.
