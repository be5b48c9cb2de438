//! Who sees whole NIK and KK numbers: every role over the trail, history and change requests.
