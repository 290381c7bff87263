# Exports sent in chat as a spreadsheet (/export, issue 11).
menu-export = 📤 Excel export
cmd-export = Reports and surveys as an Excel file
export-choose-what = 📤 Excel export: which list?
export-choose-period = 📤 { $what }: which period?
export-what-cases = Cases
export-what-surveys = Surveys
export-what-monthly_reports = Monthly reports
export-what-quarterly_reports = Quarterly reports
export-caption = 📤 { $what } — { $period }: { $rows } rows
export-caption-empty = 📤 { $what } — { $period }: nothing in this period; the file holds the header row only.
export-truncated = ⚠️ This file holds the first { $max } rows only. Get the whole list from the API: { $api }
export-surveys-private = No tracking codes or citizens' comments here: a case is private, and only its counts reach you.
