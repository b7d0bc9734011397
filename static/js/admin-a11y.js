// The boxes that Select2 draws for the admin's autocomplete fields, made readable by a
// screen reader (axe: aria-input-field-name, label, list). Select2 hides the <select> and
// does not pass its name on: its combobox, the text box showing the value and the search
// box each get the name of the <select> they stand for, read with the value shown. Its
// "clear" cross, which it puts inside the list of chosen values, moves just before it.
// Select2 redraws these as values change, so this runs again after each redraw.
// Loaded by templates/admin/base_site.html; a file of ours, so the CSP lets it run.
"use strict";

const BOXES = '[role="combobox"], [role="textbox"], .select2-search__field';

function nameOf(select) {
    const named = select.getAttribute("aria-labelledby");
    if (named) {
        return named;
    }
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    if (!label) {
        return null;
    }
    label.id = label.id || `${select.id}-label`;
    return label.id;
}

function tidyAutocompleteBoxes() {
    for (const select of document.querySelectorAll("select.admin-autocomplete")) {
        const container = select.nextElementSibling;
        if (!container || !container.classList.contains("select2")) {
            continue;
        }
        const name = nameOf(select);
        for (const box of name ? container.querySelectorAll(BOXES) : []) {
            const shown = box.getAttribute("aria-labelledby");
            if (!shown || !shown.split(" ").includes(name)) {
                box.setAttribute("aria-labelledby", shown ? `${name} ${shown}` : name);
            }
        }
        for (const cross of container.querySelectorAll("ul > .select2-selection__clear")) {
            cross.parentElement.before(cross);
        }
    }
}

document.addEventListener("DOMContentLoaded", () => {
    tidyAutocompleteBoxes();
    new MutationObserver(tidyAutocompleteBoxes).observe(document.body, {
        childList: true,
        subtree: true,
    });
});
