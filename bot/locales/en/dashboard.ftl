# The staff dashboard in the browser (issue 11): the bot's one-time link and the page's words.
menu-dashboard = 🖥 Dashboard
cmd-dashboard = The figures dashboard in a browser
dashboard-link =
    🖥 The figures dashboard in your browser: press the button below.

    This link works once and for { $minutes } minutes; once opened, your browser stays signed in until the end of the working day. Do not pass it on.
dashboard-open-button = 🖥 Open the dashboard
dashboard-not-set-up = The dashboard has no public address yet. Ask the system's admin to set PUBLIC_URL.
dashboard-page-title = Hamyar dashboard
dashboard-heading = { $period } — { $scope }
dashboard-filters = Filters
dashboard-filter-period = Period
dashboard-filter-agency = Agency
dashboard-filter-province = Province
dashboard-filter-grouping = Group by
dashboard-all-agencies = All agencies
dashboard-all-provinces = All provinces
dashboard-show = Show
dashboard-summary = Summary
dashboard-charts = Charts
dashboard-table = Cases by { $grouping }
dashboard-table-count = Cases
dashboard-table-share = Share
dashboard-no-charts = No charts to show.
dashboard-signed-in = { $name } · signed in until { $until }
dashboard-leave = Sign out
dashboard-link-refused-title = This link no longer works
dashboard-link-refused = A dashboard link works once and for 10 minutes. Send /dashboard to the bot for a new one.
dashboard-no-session-title = Not signed in
dashboard-no-session = Your session has ended, or you have not signed in. Send /dashboard to the bot and open the new link.
dashboard-forbidden-title = Outside your reach
dashboard-forbidden = This filter is outside what you may see. You see the figures of your own reach only.
dashboard-bad-filter-title = Unknown filter
dashboard-bad-filter = The period, agency, province or grouping asked for is not known.
dashboard-too-many-title = Too many requests
dashboard-too-many = Try again in a few minutes.
dashboard-unavailable-title = Unavailable
dashboard-unavailable = The figures are not available right now: the database does not answer. Open this page again in a few minutes; nothing is lost.
dashboard-error-title = Error
dashboard-error = Something went wrong. Try again a little later.
dashboard-back = Back to the dashboard
dashboard-left-title = Signed out
dashboard-left = You have signed out of the dashboard. Send /dashboard to the bot to come back.
