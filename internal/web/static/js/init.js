// Progressive enhancement only: every page works without JavaScript.
// Relative, so that from /static/VERSION/js/init.js it names the same
// version of the NHS.UK script.
import { initAll } from '../assets/nhsuk-frontend.min.js'

// NHS.UK frontend only starts when <body> has this class, which its
// templates add with an inline script; the Content-Security-Policy allows
// no inline scripts, so this module (which only runs where modules are
// supported, as the inline check requires) adds it instead.
document.body.classList.add('nhsuk-frontend-supported')
initAll()
