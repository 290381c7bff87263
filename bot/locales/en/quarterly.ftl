# The provincial representative's quarterly report (flows/staff/quarterly-report.ts) and the ministry's view
# of its agency's share (flows/staff/agency-reports.ts).

qr-ask-quarter = The report of which quarter?
qr-quarter-closed = This quarter's report can no longer be written.
qr-not-found = This report was not found.
qr-title = 📈 Quarterly report, { $quarter }, { $province } province
qr-status = Status: { $status }
qr-status-draft = draft
qr-status-submitted = sent to the admins (version { $version })
qr-monthly = Monthly reports in: { $reports } of { $expected } (✅ accepted · 📤 submitted · ↩️ returned · ✏️ draft · — missing)
qr-late = ⏰ Late: { $counties }
qr-none-late = ⏰ No county is late.
qr-activities = Activities: { $total } ({ $participants } participants)
qr-proposals = Proposals and processes identified: { $total } — done: { $done } — rejected: { $rejected }
qr-cases = Citizens' cases in the province this quarter: { $filed } — answered: { $answered } — overdue: { $overdue }
qr-recurring-obstacles = Recurring obstacles: { $phrases }
qr-recurring-proposals = Recurring proposals: { $phrases }
qr-counties = { $n } counties
qr-county-obstacles = Obstacles the counties wrote:
qr-county-proposals = Proposals the counties wrote:
qr-more = … and { $n } more
btn-qr-submit = 📤 Send to the admins
qr-confirm-submit = Send the quarterly report with these figures and texts to the admins?
btn-qr-submit-yes = ✅ Yes, send it
btn-qr-not-yet = Not yet
qr-submitted = 📤 The quarterly report of { $quarter } (version { $version }) was sent to the admins.
qr-submitted-already = This report was already sent (version { $version }).
qr-amend-hint = To amend it, write a section again and send the report again.
notice-quarterly-submitted = 📈 The quarterly report of { $quarter } from { $province } province is in (version { $version }; counties late: { $late }).
notice-quarterly-resubmitted = 📈 An amended quarterly report of { $quarter } from { $province } province is in (version { $version }; counties late: { $late }).

menu-province-reports = 📈 Provinces' quarterly reports
cmd-quarterlies = Quarterly reports sent by the provinces
pr-title = 📈 Quarterly reports sent by the provinces (newest quarter first):
pr-version = version { $version }
pr-none = No province has sent a quarterly report yet. Each one that arrives is announced here, with a button to open it.
btn-pr-list = ↩️ The list of reports

menu-agency-reports = 📊 The agency's share of reports
cmd-agencyreports = The agency's share of the counties' and provinces' reports
ar-title = 📊 { $agency }'s share of the reports received
ar-ask-period = Reports of which period?
ar-monthly = Monthly reports of { $month }: { $reports } counties — linked activities: { $linked } — cases: { $filed } (answered { $answered }, overdue { $overdue })
ar-quarterly = Quarterly reports of { $quarter }: { $reports } provinces — linked activities: { $linked } — cases: { $filed } (answered { $answered }, overdue { $overdue })
ar-by-region = • { $region }: activities { $linked } — cases { $filed } (answered { $answered }, overdue { $overdue })
ar-none = No report of this period has come in yet.
