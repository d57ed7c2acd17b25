import { initAll } from "../govuk/govuk-frontend.min.js";
import { initSessionTimeout } from "./session_timeout.mjs";

initAll();
initSessionTimeout();
