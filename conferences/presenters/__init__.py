"""The conference pages' presenters: what a page shows and what the user may do there, built in
one place so that every view of the page (its GET and each form's POST) shows the same page."""
