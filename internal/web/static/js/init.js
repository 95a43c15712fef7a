// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '/assets/nhsuk-frontend.min.js'

// NHS.UK frontend only starts when <body> has this class, which its
// templates add with an inline script; the Content-Security-Policy allows
// no inline scripts, so this module (which only runs where modules are
// supported, as the inline check requires) adds it instead.
document.body.classList.add('nhsuk-frontend-supported')
initAll()
