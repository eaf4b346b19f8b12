"""The periodic reports (LP2KD, extreme-poverty matrices): empty until that issue fills it."""
