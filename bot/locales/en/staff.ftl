# English: the staff's side of Hamyar (seed 004).

menu-network = 🤝 People's network
menu-log-activity = ➕ Log an activity
menu-activities = 🗂 Logged activities
menu-monthly-report = 📊 Monthly report
menu-review-reports = 📥 Counties' monthly reports
menu-quarterly-report = 📈 Quarterly report
menu-invite = 🎟 Invite a colleague
menu-staff = 👥 Staff

cmd-network = The county's people's network
cmd-activity = Log a new activity
cmd-activities = Logged activities
cmd-report = Monthly report
cmd-reviews = Monthly reports received
cmd-quarterly = The province's quarterly report
cmd-invite = Create an invite code
cmd-staff = Staff list

role-assistant = popularization assistant
role-provincial = provincial popularization representative
role-ministry = minister's / agency head's representative
role-admin = system admin
role-in-place = { $role } { $place }
place-county = of { $county } county ({ $province } province)
place-province = of { $province } province
place-agency = at { $agency }
place-everywhere = (whole country)

join-how = To join Hamyar's staff, send the invite code the system admin gave you: /join CODE
join-unknown = This invite code is not valid (mistyped, already used or expired). Ask the system admin for a new one.
join-held-off = Too many wrong invite codes. Please try again in an hour.
join-welcome =
    🎉 Welcome! You are now { $role }.
    Your role's work is in the menu below.
join-already = You already joined with this code and are { $role }.

invite-ask-role = Which role does the new colleague have?
invite-ask-province = Choose the province:
invite-ask-county = Choose the county:
invite-ask-agency = Choose the agency:
invite-created =
    🎟 Invite code for { $role }:

    { $code }

    { $link }

    It works once and is valid for { $days } days (until { $expires }). Send it to that person only; it is not shown again.
invite-no-link = The colleague sends Hamyar: /join { $code }

staff-title = Staff and their roles:
staff-card = { $who }
staff-not-found = This colleague was not found or no longer has a role.
staff-revoked = The role was taken back; from their next message they are a citizen.
btn-staff-revoke = ⛔️ Take the role back
btn-staff-list = 👥 Staff list

network-title = Members of the county's people's network (active: { $count }). Choose a member to see or edit.
btn-member-new = ➕ New member
btn-member-list = 📋 Members
btn-member-deactivate = ⏸ Deactivate
btn-member-activate = ▶️ Activate again
btn-edit-name = ✏️ Name
btn-edit-domain = ✏️ Domain
btn-edit-phone = ✏️ Phone
btn-edit-notes = ✏️ Notes
member-kind-circle = Intermediate circle
member-kind-helper = People's helper
member-form-person = Person
member-form-group = Group
member-domain-social = Social
member-domain-cultural = Cultural
member-domain-economic = Economic
member-domain-religious = Religious
member-domain-scientific = Scientific
member-domain-sports = Sports
member-domain-other = Other
member-active = active
member-inactive = inactive
member-card =
    👤 { $name }
    Kind: { $kind } ({ $form })
    Domain: { $domain }
    Phone: { $phone }
    Notes: { $notes }
    State: { $state }
member-ask-kind = Which kind is the new member?
member-ask-form = A person or a group?
member-ask-name = Write the full name ({ $min } to { $max } characters):
member-ask-group-name = Write the group's name ({ $min } to { $max } characters):
member-ask-domain = Domain:
member-ask-phone = Write a mobile or landline number (with area code), or tap “Not now”:
member-bad-phone = That number is not valid. Write a mobile like 09123456789 or a landline with area code like 02634567890.
member-ask-notes = Notes (optional, up to { $max } characters), or tap “Not now”:
member-registered = ✅ "{ $name }" is registered in the network.
member-saved = ✅ Saved.
member-activated = The member is active again.
member-deactivated = The member is inactive; kept in the list but not offered for new activities.
member-not-found = This member was not found.

activity-kind-topical_meeting = Topical meeting with agencies
activity-kind-joint_session = Joint session of network, agencies and councils
activity-kind-officials_among_people = Officials among the people
activity-kind-peoples_proposal = People's proposal
activity-kind-process_identified = Unnecessary or long process identified
activity-kind-participatory_project = Participatory project
activity-kind-religious_national_event = Religious or national event
activity-kind-other = Other
progress-reported = reported
progress-in_progress = in progress
progress-done = done
progress-rejected = rejected
activity-ask-kind = Choose the kind of activity:
activity-ask-day = Which day did it take place? Tap “Today” or “Yesterday”, or type the Jalali date (e.g. { $example }).
btn-today = Today
btn-yesterday = Yesterday
activity-day-format = Write the Jalali date as year/month/day, e.g. 1405/09/12.
activity-day-no-such-day = The calendar has no such day (e.g. 31 Mehr, or 30 Esfand in a common year). Check the date.
activity-day-future = That day has not come yet. Write the day the activity took place.
activity-day-too-old = Only activities of this month and last month can be logged.
activity-ask-participants = How many people took part? (a number)
activity-participants-bad = Write the number of participants as a number (at least 1).
activity-ask-members = Which network members took part? Tap their names, then the button at the bottom of the list.
activity-ask-agencies = Which agencies took part? Choose, then tap the button at the bottom of the list.
btn-picked-done = ✅ Done ({ $count } chosen)
btn-picked-none = ⏭ None
activity-ask-description = Describe the activity ({ $min } to { $max } characters):
activity-ask-outcome = Outcome (optional, up to { $max } characters), or tap “Not now”:
activity-ask-photos = Send the activity's photos (up to { $max }; { $count } so far). Tap the button below when done.
activity-expect-photo = Please send a photo or tap the button below.
activity-summary =
    📋 Activity summary
    Kind: { $kind }
    Date: { $day }
    Participants: { $participants }
    Network members: { $members }
    Agencies: { $agencies }
    Description: { $description }
    Outcome: { $outcome }
    Photos: { $photos }
btn-activity-save = ✅ Save the activity
btn-activity-restart = 🔄 Start over
activity-saved = ✅ "{ $kind }" is logged and counts in the monthly report.
activity-saved-tracked = ✅ "{ $kind }" is logged as reported; update its progress from Logged activities as it moves on.
activity-month-locked = That month's report is submitted; its activities can no longer change.
activities-title = Logged activities (newest first):
activity-card =
    📌 { $kind }
    Date: { $day }
    Participants: { $participants }
    Network members: { $members }
    Agencies: { $agencies }
    Description: { $description }
    Outcome: { $outcome }
    Photos: { $photos }
    Progress: { $progress }
activity-not-found = This activity was not found.
btn-edit-description = ✏️ Correct the description
btn-edit-outcome = ✏️ Correct the outcome
btn-edit-participants = ✏️ Participants
btn-activity-delete = 🗑 Delete
btn-activities-list = 🗂 Activities
btn-yes-delete = Yes, delete
btn-no-keep = No
activity-confirm-delete = Delete this activity?
activity-deleted = The activity is deleted.
activity-edited = ✅ The description is corrected.
progress-ask-reason = Why was it rejected? Write the reason ({ $min } to { $max } characters):
progress-saved = ✅ Progress saved.

report-ask-month = The report of which month?
report-month-closed = That month's report can no longer be written.
report-not-found = This report was not found.
report-title = 📊 Monthly report, { $month } { $county }
report-status = Status: { $status }
report-status-draft = draft
report-status-submitted = submitted, awaiting review
report-status-returned = returned for changes
report-status-accepted = accepted
report-returned-note = Representative's note: { $note }
report-activities = Activities: { $total } (participants: { $participants })
report-proposals = Proposals and processes identified: { $total }
report-members = Active network members: { $active } — in this month's activities: { $tookPart }
report-cases = Citizens' cases in the county this month: { $filed } — answered: { $answered } — overdue: { $overdue }
report-answered-short = answered
report-overdue-short = overdue
report-top-topics = Most frequent topics: { $topics }
report-section-narrative = Narrative
report-section-obstacles = Obstacles
report-section-proposals = Proposals
btn-write-narrative = ✏️ Narrative
btn-write-obstacles = ✏️ Obstacles
btn-write-proposals = ✏️ Proposals
btn-report-submit = 📤 Submit to the province
report-ask-section = Write the { $section } ({ $min } to { $max } characters):
report-section-saved = ✅ Saved.
report-empty-warning = ⚠️ This report is empty: no activity is logged for the month and no part of its text is written.
report-confirm-submit = Submit the report with these figures and texts to the provincial representative? It cannot change unless it is returned.
btn-report-submit-yes = ✅ Yes, submit
btn-report-not-yet = Not yet
report-submitted = 📤 The { $month } report (version { $version }) was sent to the provincial representative.
report-locked-submitted = This report is submitted and awaits review.
report-locked-accepted = This report is accepted.

review-title = The province's counties' monthly reports (🆕 awaiting review):
review-version = Version { $version }
btn-review-accept = ✅ Accept
btn-review-return = ↩️ Return for changes
btn-review-list = 📥 Reports
review-ask-note = What should change? Write the note ({ $min } to { $max } characters):
review-accepted = ✅ Accepted; the assistant is told.
review-returned = ↩️ Returned with your note.
review-not-submitted = This report is not awaiting review.

notice-report-submitted = 📥 The { $month } monthly report of { $county } county has arrived.
notice-report-resubmitted = 📥 The revised { $month } report of { $county } county has arrived.
notice-report-accepted = ✅ Your { $month } monthly report was accepted.
notice-report-returned =
    ↩️ Your { $month } monthly report was returned for changes.
    Representative's note: { $note }
    Revise it from "📊 Monthly report" and submit again.
btn-open-report = 📊 Open the report
