"""Check: a loaded file against its model (validate), cross-references and warnings
(rules, wilayah), picture headers (images), and the whole project read and checked (project)."""
