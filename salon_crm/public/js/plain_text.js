// salon_crm's plain-text fields as Frappe's desk shows them. Frappe shows a table cell, and a read-only
// Small Text field, through its formatters, which put the value into the page as HTML; the app's doctypes
// hold people's names and notes there. salon_crm.plain_text.setup(frm), called from a form's `setup`, gives
// every plain-text field of the form's doctype and of its tables a formatter that shows the text as text;
// salon_crm.plain_text.show_as_text(doctype, fieldnames) does it for chosen fields of an ERPNext doctype.
// Loaded (hooks.py doctype_js) with the form scripts that call it.

frappe.provide("salon_crm.plain_text");

salon_crm.plain_text.FIELDTYPES = [
	"Data",
	"Small Text",
	"Text",
	"Long Text",
	"Read Only",
	"Select",
	"Attach",
	"Attach Image",
];
salon_crm.plain_text.MULTILINE = ["Small Text", "Text", "Long Text"];

// Text as HTML element content: `<` and `>` escaped. Only those: Frappe has already escaped `&` and quotes
// of a read-only Data field before its formatter runs, and escaping them twice would show "&amp;".
salon_crm.plain_text.html = function (value) {
	return value == null ? "" : String(value).replace(/</g, "&lt;").replace(/>/g, "&gt;");
};

// A link the app may put in href/src: an http(s) address or one of the site's files (rules/text.py
// is_safe_link decides at input; this only keeps a link saved before that rule from being used).
salon_crm.plain_text.is_safe_link = function (url) {
	if (!url || /["<>`\\\u0000-\u001f]/.test(url) || /(^|\/)\.\.(\/|$)/.test(url)) {
		return false;
	}
	return /^https?:\/\/[^\s/]+/i.test(url) || /^\/((private\/)?files|assets)\//.test(url);
};

salon_crm.plain_text.formatter = function (value, df) {
	const fieldtype = (df && df.fieldtype) || "Data";
	if (value == null || value === "") {
		return "";
	}
	if (fieldtype === "Attach" || fieldtype === "Attach Image") {
		const text = salon_crm.plain_text.html(value);
		return salon_crm.plain_text.is_safe_link(value)
			? `<a href="${frappe.utils.escape_html(value)}" target="_blank" rel="noopener">${text}</a>`
			: text;
	}
	const text = salon_crm.plain_text.html(fieldtype === "Select" ? __(value) : value);
	return salon_crm.plain_text.MULTILINE.includes(fieldtype) ? frappe.utils.replace_newlines(text) : text;
};

// Show these fields of `doctype` as text: the formatter on the shared docfields (copied for each document
// opened later) and on the copies already made.
salon_crm.plain_text.show_as_text = function (doctype, fieldnames) {
	const set = (df) => {
		if (df && fieldnames.includes(df.fieldname)) {
			df.formatter = salon_crm.plain_text.formatter;
		}
	};
	(frappe.meta.docfield_list[doctype] || []).forEach(set);
	Object.values(frappe.meta.docfield_copy[doctype] || {}).forEach((copy) => Object.values(copy).forEach(set));
};

// Every plain-text field of the form's doctype and of its tables (the app's doctypes hold no HTML in them).
salon_crm.plain_text.setup = function (frm) {
	const doctypes = [frm.doctype, ...frappe.meta.get_table_fields(frm.doctype).map((df) => df.options)];
	for (const doctype of doctypes) {
		const fieldnames = (frappe.meta.docfield_list[doctype] || [])
			.filter((df) => salon_crm.plain_text.FIELDTYPES.includes(df.fieldtype))
			.map((df) => df.fieldname);
		salon_crm.plain_text.show_as_text(doctype, fieldnames);
	}
};
