"""The ERPNext integration: units as Companies and Departments, members from Employees, prize money in
the books. Imported only when ERPNext is installed (see `vanhoa_congso.integrations`)."""
