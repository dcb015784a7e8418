"""The offline HTML explorer: view data and layout in Python, the page's JS and CSS in templates/."""
