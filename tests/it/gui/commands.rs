//! One kittest per command path that had none: export the quote, apply an analysis result, show
//! an invoice from Customers, accept an import.
