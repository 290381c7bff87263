# English: notices of scheduled work (cron/): report reminders, escalations, the admins' overdue digest.

notice-monthly-report-due =
    ⏰ Reminder: the { $month } monthly report of { $county } county { $state ->
        [returned] was returned for changes and has not been submitted again
       *[other] has not been submitted yet
    }. { $days } days are left in the month.
    Complete and submit it from "📊 Monthly report".
notice-monthly-report-due-today =
    ⏰ Today is the last day of { $month }, and the monthly report of { $county } county { $state ->
        [returned] was returned for changes and has not been submitted again
       *[other] has not been submitted yet
    }.
    Complete and submit it from "📊 Monthly report".
notice-monthly-reports-late =
    ⚠️ { $month } has ended without the monthly report of { $late } of the { $staffed } counties with an assistant in { $province } province:
    { $counties }
    See where they stand in "📥 Counties' monthly reports" and follow up with the assistants.
notice-quarterly-report-due =
    📈 Reminder: { $quarter } ends in { $days } days, and the quarterly report of { $province } province has not been submitted yet.
    Write and submit it from "📈 Quarterly report".
notice-quarterly-report-late =
    📈 { $quarter } has ended, and the quarterly report of { $province } province has not been sent to the admins yet.
    Write and submit it from "📈 Quarterly report".
notice-overdue-digest =
    ⏱ Open cases past their response deadline: { $total } ({ $lastDay } reached it in the last day).
    { $agencies }
notice-directive-unacknowledged =
    📣 Directive “{ $title }”: { $waiting } of { $total } recipients have not acknowledged it after { $hours } hours and two reminders. See who under “Directives”.
